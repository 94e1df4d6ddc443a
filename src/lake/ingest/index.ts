/**
 * Event ingestion: batches of events (meshgate's shape or Segment's) are
 * validated against their datasets, authorised (`create`), deduplicated by
 * event id, produced to `<domain>.<dataset>` and acknowledged only after the
 * broker acknowledged them; HTTP routes, a GraphQL mutation and metrics.
 */
export type {
  AcceptedEvent,
  Ingestor,
  IngestorOptions,
  IngestLimits,
  IngestRejectionCode,
  IngestResult,
  RawEvent,
  RejectedEvent,
} from './types.ts';
export type { IngestErrorCode } from './errors.ts';
export type { LakeMetrics } from './metrics.ts';
export { IngestError } from './errors.ts';
export { createIngestor, DEFAULT_LIMITS } from './ingestor.ts';
export { ensureDatasetTopics } from './produce.ts';
export { INGESTED_EVENTS_TABLE } from './claims.ts';
export { createLakeMetrics } from './metrics.ts';
export { eventsRoutes, EVENTS_PATH, SEGMENT_BATCH_PATH, SEGMENT_TRACK_PATH } from './http-routes.ts';
export { ingestResolvers, ingestTypeDefs } from './graphql.ts';
export type { EventHistoryOptions, EventHistoryOutcome, EventHistoryProgress } from './seed-history.ts';
export { needsEventHistory, seedEventHistory } from './seed-history.ts';
