/** The pipelines' metrics (unit attempts and durations, runs and queue from the database). */
export type { PipelineMetrics } from './pipeline-metrics.ts';
export { pipelineMetrics } from './pipeline-metrics.ts';
