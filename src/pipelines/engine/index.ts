// TEMPORARY contract stub (the engine helper's branch replaces this file)
import { MeshgateError } from '../../api/index.ts';
export type Partitioning = 'day' | 'hour' | 'none';
export interface EnginePipeline {
  id: string; // '<domain>.<name>'
  partitioning: Partitioning;
  schedule?: string; // cron, 5 fields, UTC: fires a run of the pipeline (for partitioned pipelines: the partition that just closed, e.g. yesterday for 'day')
  maxAttempts: number; // per step run, >= 1
  backoffSeconds: number; // first retry delay, exponential after
  steps: { name: string; dependsOn: string[]; readsDatasets: string[] }[]; // readsDatasets: 'domain.dataset' ids (for landed-partition triggers)
}
export type RunState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
export type StepState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'CANCELLED';
export type RunTrigger = { kind: 'mutation' | 'cli' | 'schedule' | 'partition' | 'backfill' | 'retry'; by?: string /* actor sub */ };
export interface StepJob {
  runId: string;
  pipeline: string;
  step: string;
  partition: string | null;
  attempt: number;
  params: unknown;
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
export interface StepOutcome {
  rowsIn: number;
  rowsOut: number;
  bytes: number;
  checks?: CheckOutcome[];
} // a failed blocking check fails the step (no retry) and skips its downstream
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
  checks: CheckOutcome[];
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
  steps: StepRun[];
}
export type RetryScope = 'FAILED' | 'ONLY' | 'DOWNSTREAM' | 'UPSTREAM' | 'BOTH'; // FAILED: the failed/skipped/cancelled steps; the others: the chosen `steps` alone / with their downstream / upstream / both
export interface RunPlan {
  pipeline: string;
  units: { step: string; partition: string | null }[];
} // what would run (dry run)
export interface PipelineEngine {
  start(options?: { worker?: boolean; concurrency?: number }): Promise<void>; // creates tables (idempotent migration), starts pg-boss, registers schedules, and (worker: true, default) consumes step jobs
  stop(): Promise<void>; // graceful: running steps finish or are released
  run(request: {
    pipeline: string;
    partitions?: string[];
    params?: unknown;
    steps?: string[];
    trigger: RunTrigger;
    dryRun?: boolean;
  }): Promise<PipelineRun | RunPlan>;
  retry(runId: string, request: { steps?: string[]; scope: RetryScope; dryRun?: boolean; trigger: RunTrigger }): Promise<PipelineRun | RunPlan>;
  cancel(runId: string, by?: string): Promise<PipelineRun>;
  backfill(request: {
    pipeline: string;
    from: string;
    to: string;
    onlyFailedOrMissing?: boolean;
    concurrency?: number;
    dryRun?: boolean;
    trigger: RunTrigger;
  }): Promise<PipelineRun | RunPlan>;
  partitionLanded(dataset: string, partition: string): Promise<PipelineRun[]>; // starts the steps (and their downstream) that read that dataset, for that partition
  getRun(id: string): Promise<PipelineRun | null>;
  listRuns(query: {
    pipeline?: string;
    pipelines?: string[];
    state?: RunState;
    first: number;
    after?: string;
  }): Promise<{ runs: PipelineRun[]; hasNextPage: boolean; endCursor: string | null }>; // newest first, keyset cursor
  onRunUpdate(listener: (run: { id: string; pipeline: string; state: RunState }) => void): Promise<() => Promise<void>>; // across processes (LISTEN/NOTIFY through PlatformDatabase.listen/notify), for the GraphQL subscription
}
export declare function createPipelineEngine(options: unknown): PipelineEngine;
export class PipelineError extends MeshgateError {}
// codes: BAD_USER_INPUT (unknown pipeline: list the known ones; unknown step; bad partition: say the format 'YYYY-MM-DD' / 'YYYY-MM-DDTHH' / none for unpartitioned; from > to; range too long (cap it, e.g. 3660 units)), NOT_FOUND (run), CONFLICT (cancel a finished run)
