/**
 * Pipelines: the processing API (plans compiled to DuckDB, row functions,
 * checks, `testStep`) and the compiled pipelines of the mesh. The durable
 * engine (queue, runs, retries, schedules) joins it in `engine/`.
 */
export * from './processing/index.ts';
