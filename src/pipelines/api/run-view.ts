/** A run as the GraphQL API shows it: ISO 8601 times, the trigger split into kind and actor, step durations. */
import type { PipelineRun, StepRun } from '../engine/index.ts';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function runView(run: PipelineRun) {
  return {
    id: run.id,
    pipeline: run.pipeline,
    state: run.state,
    trigger: run.trigger.kind,
    triggeredBy: run.trigger.by ?? null,
    partitions: run.partitions,
    params: run.params ?? null,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    parentRunId: run.parentRunId,
    steps: run.steps.map(stepView),
  };
}

function stepView(step: StepRun) {
  return {
    name: step.step,
    partition: step.partition,
    state: step.state,
    attempts: step.attempts,
    rowsIn: step.rowsIn,
    rowsOut: step.rowsOut,
    bytes: step.bytes,
    startedAt: iso(step.startedAt),
    finishedAt: iso(step.finishedAt),
    durationMs: step.startedAt && step.finishedAt ? step.finishedAt.getTime() - step.startedAt.getTime() : null,
    error: step.error,
    progress: step.progress,
    checks: step.checks.map((c) => ({ ...c, detail: c.detail ?? null })),
    logs: step.logs,
  };
}
