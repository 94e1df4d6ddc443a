/**
 * Lake retention: Parquet objects past their dataset's `retentionDays` are
 * removed from the object store and the catalog (each removal recorded in
 * `meshgate_lake_removals` and counted), and ingestion claims past the dedup
 * window are expired. Run by the gateway on an interval and by
 * `meshgate lake retention [--dry-run]`.
 */
export type { DatasetRetention, RemovalReason, RetentionOptions, RetentionProgress, RetentionReport } from './types.ts';
export type { RetentionMetrics } from './metrics.ts';
export type { RetentionJob } from './job.ts';
export { createRetentionMetrics } from './metrics.ts';
export { LAKE_REMOVALS_TABLE } from './removals.ts';
export { runLakeRetention } from './run.ts';
export { startRetentionJob } from './job.ts';
