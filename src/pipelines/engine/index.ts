/**
 * The pipelines' durable engine: a DAG of named steps per pipeline, runs and
 * step runs as rows in the platform database, units (step × partition) as
 * pg-boss jobs on PGlite or PostgreSQL, worked by any number of processes
 * through a caller-supplied executor. It knows nothing of descriptors or DuckDB.
 *
 * Why pg-boss: one queue for both profiles. It runs on PGlite through its
 * `fromPglite` adapter (the embedded profile's single session, shared with the
 * platform tables) and on PostgreSQL, and gives durable jobs, retries with
 * exponential backoff, heartbeats (a crashed worker's unit is picked up within
 * ~1.25 × expireSeconds), dead-letter queues and cron schedules that fire once
 * across processes. graphile-worker stalled on PGlite (no NOTIFY on one session).
 */
export type {
  BackfillRequest,
  CheckOutcome,
  EnginePipeline,
  EngineStep,
  Partitioning,
  PipelineEngine,
  PipelineRun,
  RetryRequest,
  RetryScope,
  RunPlan,
  RunRequest,
  RunState,
  RunTrigger,
  RunUpdate,
  StepExecutor,
  StepJob,
  StepOutcome,
  StepRun,
  StepState,
  Unit,
} from './types.ts';
export type { PipelineEngineOptions } from './engine.ts';
export type { BossConnection } from './queue.ts';
export { createPipelineEngine, RUNS_CHANNEL } from './engine.ts';
export { PipelineError } from './errors.ts';
export { MAX_PARTITIONS, closedPartition, partitionFormat } from './partitions.ts';
export { RUNS_TABLE, STEP_RUNS_TABLE } from './schema.ts';
