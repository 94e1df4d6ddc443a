/**
 * Lake retention: which Parquet objects outlived their dataset's
 * `retentionDays`, which ingestion claims outlived the dedup window, and what
 * one run removed (or, in a dry run, would remove).
 */
import type { Logger } from '../../observability/index.ts';
import type { ObjectStore, PlatformDatabase } from '../../sources/index.ts';
import type { DatasetRuntime } from '../datasets/index.ts';
import type { RetentionMetrics } from './metrics.ts';

/** Why an object left the lake; recorded on each removal row. */
export type RemovalReason = 'retention';

export interface RetentionOptions {
  db: PlatformDatabase;
  store: ObjectStore;
  datasets: readonly DatasetRuntime[];
  logger: Logger;
  /** How long an ingestion claim (event id) keeps deduplicating resends, in days. */
  dedupDays: number;
  /** Report what would go and remove nothing. */
  dryRun?: boolean;
  /** The clock; tests pin it. */
  now?: Date;
  /** Files per transaction and claims per DELETE (default 500 and 5,000). */
  fileBatch?: number;
  claimBatch?: number;
  metrics?: RetentionMetrics;
  progress?: RetentionProgress;
}

/** Told the number of files planned, then once per file removed (or, dry, found). */
export interface RetentionProgress {
  start(files: number): void;
  advance(dataset: string): void;
  stop(): void;
}

export interface DatasetRetention {
  /** `domain.dataset`. */
  dataset: string;
  retentionDays: number;
  /** Objects whose newest event is older than this are removed. */
  cutoff: Date;
  files: number;
  rows: number;
  bytes: number;
}

export interface RetentionReport {
  dryRun: boolean;
  /** Only datasets that declare `retentionDays`; a dataset without it is kept forever. */
  datasets: DatasetRetention[];
  /** Claims older than this stopped deduplicating: a resend is a new event. */
  claimsCutoff: Date;
  claimsExpired: number;
}

/** One catalog file the run removes, as locked from the catalog. */
export interface ExpiredFile {
  objectKey: string;
  domain: string;
  dataset: string;
  rows: number;
  bytes: number;
  minTime: Date | null;
  maxTime: Date | null;
}
