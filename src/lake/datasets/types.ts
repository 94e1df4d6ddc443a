/**
 * The dataset runtime shared by all lake code (ingestion, the sink, reads,
 * live streams): one `DatasetRuntime` per declared dataset, the event
 * envelope and the validation outcome.
 */
import type { Classification, DatasetDescriptor, FieldType } from '../../sdk/index.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The envelope id every event carries; a column of every dataset. */
export const EVENT_ID_FIELD = 'eventId';

export interface DatasetField {
  name: string;
  type: FieldType;
  list: boolean;
  nullable: boolean;
  classification: Classification[];
  description?: string;
  /** True for `eventId` when the gateway added it (the descriptor did not declare it). */
  envelope: boolean;
}

export interface DatasetRuntime {
  domain: string;
  name: string;
  /** `<domain>.<name>`: how events, headers and the API name the dataset. */
  qualifiedName: string;
  /** The policy subject: `<domain>.lake.<name>`. */
  subject: string;
  /** The broker topic: `<domain>.<name>`. */
  topic: string;
  descriptor: DatasetDescriptor;
  /** `eventId` first, then the descriptor's fields in declaration order: the record's and the Parquet file's columns. */
  fields: DatasetField[];
  fieldsByName: ReadonlyMap<string, DatasetField>;
  eventTimeField: string;
  /** The field whose value keys broker messages; events without it are keyed by their id. */
  keyField: string | undefined;
  idField: typeof EVENT_ID_FIELD;
  partitioning: DatasetDescriptor['partitioning'];
  /** Segment `track` event names mapped to this dataset (its name and qualified name). */
  segmentEvents: string[];
  /** `<pipeline>.<step>` for a derived dataset: written by that step, never by events (no topic). */
  producedBy: string | undefined;
}

/** One record as validated: every field of the dataset present (null when absent), JSON-safe, DateTime as ISO-8601 UTC. */
export type EventRecord = Record<string, JsonValue>;

export interface NormalisedEvent {
  eventId: string;
  /** The qualified dataset name, `<domain>.<name>`. */
  dataset: string;
  /** ISO-8601 UTC, the value of the event-time field. */
  eventTime: string;
  /** The broker key: the key field's value, else the event id. */
  key: string;
  record: EventRecord;
}

export type EventRejectionCode =
  /** The event is not an object, or its `data` is not an object. */
  | 'INVALID_EVENT'
  /** No dataset of that name exists (or none was named). */
  | 'UNKNOWN_DATASET'
  /** The event id is not a non-empty string of at most 200 characters, or two ids disagree. */
  | 'INVALID_EVENT_ID'
  | 'UNKNOWN_FIELD'
  /** A non-null field (or the event-time field) is absent or null. */
  | 'MISSING_FIELD'
  | 'WRONG_TYPE';

export interface EventRejection {
  ok: false;
  code: EventRejectionCode;
  field?: string;
  reason: string;
}

export type EventValidation = { ok: true; event: NormalisedEvent } | EventRejection;
