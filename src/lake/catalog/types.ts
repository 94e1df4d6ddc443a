/**
 * The lake's partition catalog: one row per Parquet object the sink wrote
 * (or is writing). Offsets are decimal strings, as the broker port gives them.
 */

export type LakeFileStatus = 'pending' | 'complete';

/**
 * One object of a flush. A flush covers the contiguous offset range
 * [flushFirst, flushLast] of one partition; its messages are split by event-time
 * partition (dt), so a file's own [firstOffset, lastOffset] may interleave with
 * its siblings'. Recovery works on whole flushes.
 */
export interface LakeFileClaim {
  objectKey: string;
  domain: string;
  dataset: string;
  /** `YYYY-MM-DD` (UTC) of the event time. */
  dt: string;
  /** Hour of day (UTC) for hour-partitioned datasets, else null. */
  hour: number | null;
  firstOffset: string;
  lastOffset: string;
}

export interface LakeFlushClaim {
  topic: string;
  partition: number;
  flushFirst: string;
  flushLast: string;
  files: LakeFileClaim[];
}

export interface LakeFileStats {
  objectKey: string;
  rows: number;
  bytes: number;
  minTime: Date | null;
  maxTime: Date | null;
}

export interface LakeFile extends LakeFileClaim, LakeFileStats {
  topic: string;
  partition: number;
  status: LakeFileStatus;
}

/** What the catalog knows about the flush that starts at an offset. */
export interface LakeFlushState {
  flushFirst: string;
  flushLast: string;
  /** `pending` when any of its files is not complete yet. */
  status: LakeFileStatus;
}

/** A half-open event-time range [from, to); either end may be open. */
export interface TimeRange {
  from?: Date;
  to?: Date;
}

/** Aggregate of one dt (and hour) partition. */
export interface LakePartitionSummary {
  dt: string;
  hour: number | null;
  files: number;
  rows: number;
  bytes: number;
  minTime: Date | null;
  maxTime: Date | null;
}

/** Aggregate of a whole dataset, for `dataProducts`. */
export interface LakeDatasetSummary {
  partitions: number;
  files: number;
  rows: number;
  bytes: number;
  minTime: Date | null;
  maxTime: Date | null;
}

export type LakeCatalogErrorCode =
  /** Another flush of an overlapping offset range is recorded: this writer lost its partition. */
  'FENCED';

export class LakeCatalogError extends Error {
  readonly code: LakeCatalogErrorCode;
  readonly retriable = false;
  constructor(code: LakeCatalogErrorCode, message: string) {
    super(`lake catalog: ${message}`);
    this.name = 'LakeCatalogError';
    this.code = code;
  }
}
