/**
 * The engine's contract: pipelines as DAGs of named steps, runs and step runs
 * as rows, and the executor a caller supplies to do a step's work. The engine
 * knows nothing of descriptors or DuckDB.
 */

export type Partitioning = 'day' | 'hour' | 'none';

export interface EngineStep {
  name: string;
  dependsOn: string[];
  /** 'domain.dataset' ids this step reads, for landed-partition triggers. */
  readsDatasets: string[];
}

export interface EnginePipeline {
  /** '<domain>.<name>' */
  id: string;
  partitioning: Partitioning;
  /** Cron, 5 fields, UTC: fires a run (of the partition that just closed, for partitioned pipelines). */
  schedule?: string;
  /** Per step run, >= 1. */
  maxAttempts: number;
  /** The first retry's delay; exponential after. */
  backoffSeconds: number;
  steps: EngineStep[];
}

export type RunState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
export type StepState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'CANCELLED';
export type RunTrigger = { kind: 'mutation' | 'cli' | 'schedule' | 'partition' | 'backfill' | 'retry'; by?: string };

export interface StepJob {
  runId: string;
  pipeline: string;
  step: string;
  partition: string | null;
  /** 1 for the first attempt of this unit; a retry or a crashed worker's re-run counts up. */
  attempt: number;
  params: unknown;
  /** Aborted when the run is cancelled or the worker loses the unit (stop, lost heartbeat). */
  signal: AbortSignal;
  progress(update: { fraction?: number; message?: string }): void;
  log(line: string): void;
}

export interface CheckOutcome {
  name: string;
  passed: boolean;
  blocking: boolean;
  detail?: string;
}

/** A failed blocking check fails the step (no retry) and skips its downstream. */
export interface StepOutcome {
  rowsIn: number;
  rowsOut: number;
  bytes: number;
  checks?: CheckOutcome[];
}

/** Does one unit's work. Its effects must be idempotent per (run, step, partition): a unit may run again after a crash. */
export type StepExecutor = (job: StepJob) => Promise<StepOutcome>;

export interface StepRun {
  step: string;
  partition: string | null;
  state: StepState;
  attempts: number;
  rowsIn: number | null;
  rowsOut: number | null;
  bytes: number | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  progress: number | null;
  /** The last progress message, if any. */
  message: string | null;
  checks: CheckOutcome[];
  /** The last lines logged (capped). */
  logs: string[];
}

export interface PipelineRun {
  id: string;
  pipeline: string;
  state: RunState;
  trigger: RunTrigger;
  partitions: (string | null)[];
  params: unknown;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  parentRunId: string | null;
  /** At most this many units of the run are queued or running at once; null: no bound. */
  concurrency: number | null;
  cancelledBy: string | null;
  steps: StepRun[];
}

/** FAILED: the failed, skipped and cancelled units; the others: the chosen `steps` alone / with their downstream / upstream / both. */
export type RetryScope = 'FAILED' | 'ONLY' | 'DOWNSTREAM' | 'UPSTREAM' | 'BOTH';

export interface Unit {
  step: string;
  partition: string | null;
}

/** What would run (a dry run). */
export interface RunPlan {
  pipeline: string;
  units: Unit[];
}

export interface RunRequest {
  pipeline: string;
  /** Partitioned pipelines: default the partition that just closed. Unpartitioned: none. */
  partitions?: string[];
  params?: unknown;
  /** Only these steps (default: all). */
  steps?: string[];
  trigger: RunTrigger;
  dryRun?: boolean;
}

export interface RetryRequest {
  steps?: string[];
  scope: RetryScope;
  /** Only these of the run's partitions (default: all of them). */
  partitions?: string[];
  dryRun?: boolean;
  trigger: RunTrigger;
}

export interface BackfillRequest {
  pipeline: string;
  from: string;
  to: string;
  onlyFailedOrMissing?: boolean;
  /** Units queued or running at once, across all workers (default 4). */
  concurrency?: number;
  params?: unknown;
  dryRun?: boolean;
  trigger: RunTrigger;
}

export interface RunUpdate {
  id: string;
  pipeline: string;
  state: RunState;
}

export interface PipelineEngine {
  /** Creates tables (idempotent), starts pg-boss, registers schedules, and (worker: true, default) consumes step jobs. */
  start(options?: { worker?: boolean; concurrency?: number }): Promise<void>;
  /** Graceful: running steps finish (within the stop timeout) or are released to another worker. */
  stop(): Promise<void>;
  run(request: RunRequest): Promise<PipelineRun | RunPlan>;
  retry(runId: string, request: RetryRequest): Promise<PipelineRun | RunPlan>;
  cancel(runId: string, by?: string): Promise<PipelineRun>;
  backfill(request: BackfillRequest): Promise<PipelineRun | RunPlan>;
  /** Starts the steps (and their downstream) that read that dataset, for that partition: one run per pipeline. */
  partitionLanded(dataset: string, partition: string): Promise<PipelineRun[]>;
  getRun(id: string): Promise<PipelineRun | null>;
  /** Newest first, keyset cursor. */
  /** `pipelines`: only runs of these (the pipelines a caller may read); `pipeline` narrows further. */
  listRuns(query: { pipeline?: string; pipelines?: readonly string[]; state?: RunState; first: number; after?: string }): Promise<{
    runs: PipelineRun[];
    hasNextPage: boolean;
    endCursor: string | null;
  }>;
  /** Every change of a run or one of its units, in any process (LISTEN/NOTIFY). */
  onRunUpdate(listener: (run: RunUpdate) => void): Promise<() => Promise<void>>;
}
