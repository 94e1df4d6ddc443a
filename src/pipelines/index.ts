/**
 * The pipelines plane: the processing API (plans compiled to DuckDB, row
 * functions, checks, `testStep`, the compiled pipelines of the mesh), the
 * durable engine (runs, step runs, partitions, retries, schedules) and the
 * pipelines part of the platform API.
 */
export * from './processing/index.ts';
export * from './engine/index.ts';
export * from './api/index.ts';
export * from './runtime/index.ts';
export * from './triggers/index.ts';
export * from './metrics/index.ts';
