/**
 * The lake's partition catalog in the platform database: which Parquet
 * objects exist, which offsets they hold, their rows, bytes and event-time
 * bounds. The sink claims and completes files; reads prune with it; the
 * platform catalog (`dataProducts`) shows `partitionsSummary`.
 */
export type {
  LakeCatalogErrorCode,
  LakeDatasetSummary,
  LakeFile,
  LakeFileClaim,
  LakeFileStats,
  LakeFileStatus,
  LakeFlushClaim,
  LakeFlushState,
  LakePartitionSummary,
  TimeRange,
} from './types.ts';
export { LakeCatalogError } from './types.ts';
export { ensureLakeCatalog, LAKE_FILES_TABLE } from './schema.ts';
export { claimFlush, completeFiles, findFlushAt } from './files.ts';
export { findCompleteFile, listCompleteFiles, listPartitions, partitionsSummary } from './queries.ts';
export type { DerivedFile, DerivedReplacement } from './derived.ts';
export { derivedTopic, replaceDerivedFiles } from './derived.ts';
