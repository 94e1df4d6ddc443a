/**
 * The pipelines plane: the durable engine (runs, step runs, partitions,
 * retries, schedules) and the pipelines part of the platform API.
 */
export * from './engine/index.ts';
export * from './api/index.ts';
