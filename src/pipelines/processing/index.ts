/**
 * Pipeline processing: plans built with the SDK's `Relation` compiled to
 * DuckDB SQL (row functions run in JS between SQL stages), run over local
 * Parquet files or in-memory rows, streamed in batches or written to ZSTD
 * Parquet, with the step's checks evaluated over the output. `testStep` runs
 * one step of a data product on in-memory records; `compiledPipelines` hands
 * the engine every pipeline of the mesh with its plans built.
 */
export type { Bindings, InputBinding, ParquetFilter } from './bind.ts';
export type { CheckResult } from './checks.ts';
export type { CompiledPlan, RowStage, SqlQuery } from './compile.ts';
export type { CompiledPipeline, CompiledStep } from './compiled.ts';
export type { PartitionBounds } from './expr-sql.ts';
export type { ExecuteOptions, ExecuteResult, RowBatch } from './run.ts';
export type { RunStats } from './session.ts';
export type { TestStepOptions, TestStepResult } from './test-step.ts';
export { compilePlan } from './compile.ts';
export { compiledPipelines, stepOutputOf } from './compiled.ts';
export { partitionBounds, PartitionError, windowBounds } from './partition.ts';
export { executePlan, runPlan, writePlanToParquet } from './run.ts';
export { runChecks } from './checks.ts';
export { testStep } from './test-step.ts';
