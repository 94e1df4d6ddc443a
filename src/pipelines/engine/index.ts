/**
 * The pipelines' durable engine: a DAG of named steps per pipeline, runs and
 * step runs as rows in the platform database, units (step × partition) as
 * pg-boss jobs on PGlite or PostgreSQL, worked by any number of processes
 * through a caller-supplied executor. It knows nothing of descriptors or DuckDB.
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
