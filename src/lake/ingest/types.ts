/** The ingestion module's public types. */
import type { Logger } from '../../observability/index.ts';
import type { EventBroker, PlatformDatabase } from '../../sources/index.ts';
import type { DatasetRuntime, EventRejectionCode } from '../datasets/index.ts';
import type { LakeMetrics } from './metrics.ts';

/**
 * One event as clients send it: `{ dataset: "engagement.viewed", eventId?: "…", data: { …fields } }`.
 * Anything else is rejected per event (INVALID_EVENT); the type documents the shape, values are checked.
 */
export interface RawEvent {
  dataset?: unknown;
  eventId?: unknown;
  data?: unknown;
}

export type IngestRejectionCode =
  | EventRejectionCode
  /** The caller may not `create` on the dataset (or on this event's row). */
  | 'FORBIDDEN'
  /** A Segment message other than `track` (identify, page, screen, group, alias). */
  | 'UNSUPPORTED_EVENT_TYPE'
  /** The broker did not acknowledge the event; nothing was kept; retry the event (retriable). */
  | 'BROKER_UNAVAILABLE'
  /** Another request is ingesting the same event id right now; retry later (retriable). */
  | 'IN_PROGRESS';

export interface AcceptedEvent {
  /** Position of the event in the batch as sent. */
  index: number;
  eventId: string;
  dataset: string;
  partition: number;
  offset: string;
  /** True when this id was ingested before (or earlier in the same batch): the original position, nothing produced again. */
  duplicate: boolean;
}

export interface RejectedEvent {
  index: number;
  eventId?: string;
  dataset?: string;
  code: IngestRejectionCode;
  field?: string;
  reason: string;
  /** Whether sending the same event again may succeed. */
  retriable: boolean;
}

/** Every event of the batch appears exactly once, in `accepted` or `rejected`, each list in batch order. */
export interface IngestResult {
  accepted: AcceptedEvent[];
  rejected: RejectedEvent[];
}

export interface IngestLimits {
  /** Most events per batch (default 1000). */
  maxEvents: number;
  /** Largest request body in bytes (default 1 MiB); enforced by the HTTP routes and the GraphQL mutation. */
  maxBytes: number;
}

export interface IngestorOptions {
  datasets: readonly DatasetRuntime[];
  broker: EventBroker;
  db: PlatformDatabase;
  limits?: Partial<IngestLimits>;
  logger: Logger;
  metrics?: LakeMetrics;
  /** Partitions of a dataset topic the ingestor creates (default 3); existing topics keep theirs. */
  topicPartitions?: number;
  /** A claim without an offset older than this is taken over by a retry (a gateway died mid-batch). Default 60 s. */
  abandonedClaimSeconds?: number;
}

export interface Ingestor {
  readonly limits: IngestLimits;
  readonly datasets: readonly DatasetRuntime[];
  /**
   * Validates, authorises, deduplicates and produces a batch; resolves after the broker acknowledged what it reports accepted.
   * `context` is the request's: unless it is governed (src/governed), every event is FORBIDDEN (fail closed).
   */
  ingest(batch: readonly unknown[], context: unknown): Promise<IngestResult>;
  /** The same for Segment `track` messages (see segment.ts for the mapping). */
  ingestSegment(messages: readonly unknown[], context: unknown): Promise<IngestResult>;
}
