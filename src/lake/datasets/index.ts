/**
 * The dataset runtime every lake module shares: names (subject, topic),
 * columns with types and classification, event validation and the wire
 * encoding of events on the broker (see wire.ts).
 */
export type {
  DatasetField,
  DatasetRuntime,
  EventRecord,
  EventRejection,
  EventRejectionCode,
  EventValidation,
  JsonValue,
  NormalisedEvent,
} from './types.ts';
export type { EventInput } from './validate.ts';
export { EVENT_ID_FIELD } from './types.ts';
export { datasetIndex, datasetRuntime, datasetRuntimes, DatasetConfigError, streamedDatasets } from './runtime.ts';
export { validateEvent } from './validate.ts';
export { newEventId } from './event-id.ts';
export { normaliseDateTime } from './values.ts';
export { decodeEventMessage, encodeEventMessage, EventDecodeError } from './wire.ts';
