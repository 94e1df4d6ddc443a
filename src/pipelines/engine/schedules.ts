/**
 * Cron schedules through pg-boss: every process registers its pipelines'
 * schedules at start (one pg-boss schedule per pipeline, keyed by its id, UTC)
 * and pg-boss fires one job per tick however many processes run; the tick's
 * job creates a run of the partition that just closed, once per job id.
 */
import type { JobWithMetadata, PgBoss } from 'pg-boss';
import type { PipelineGraph } from './dag.ts';
import { closedPartition } from './partitions.ts';
import { planRun } from './planning.ts';
import { SCHEDULE_QUEUE } from './queue.ts';
import type { NewRun } from './store.ts';

/** Registers (or updates) each scheduled pipeline's schedule and removes those of pipelines that no longer have one. */
export async function registerSchedules(boss: PgBoss, graphs: ReadonlyMap<string, PipelineGraph>): Promise<void> {
  for (const { pipeline } of graphs.values()) {
    if (pipeline.schedule !== undefined) await boss.schedule(SCHEDULE_QUEUE, pipeline.schedule, { pipeline: pipeline.id }, { key: pipeline.id, tz: 'UTC' });
  }
  for (const schedule of await boss.getSchedules(SCHEDULE_QUEUE)) {
    if (graphs.get(schedule.key)?.pipeline.schedule === undefined) await boss.unschedule(SCHEDULE_QUEUE, schedule.key);
  }
}

/** The run a tick calls for; its dedupe key (the job's id) keeps a tick delivered twice from running twice. */
export function scheduledRun(graphs: ReadonlyMap<string, PipelineGraph>, job: JobWithMetadata<{ pipeline: string }>): NewRun | null {
  const graph = graphs.get(job.data.pipeline);
  if (!graph) return null;
  const partition = closedPartition(graph.pipeline.partitioning, job.createdOn);
  const request = { pipeline: graph.pipeline.id, partitions: partition === null ? [] : [partition], trigger: { kind: 'schedule' as const } };
  return { ...planRun(graphs, request, job.createdOn), dedupeKey: `schedule:${job.id}` };
}
