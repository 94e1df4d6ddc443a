/**
 * The queue's handlers: a step job runs one attempt of its unit through the
 * caller's executor (claim → execute → finish, each transition in its own
 * transaction); a dead-lettered job fails its unit; a schedule tick creates a
 * run. Attempts running in this process are kept so a cancel can abort them.
 */
import type { Job, JobWithMetadata, PgBoss } from 'pg-boss';
import type { Logger } from '../../observability/index.ts';
import type { PlatformDatabase } from '../../sources/index.ts';
import type { DispatchContext } from './dispatch.ts';
import { DEAD_QUEUE, SCHEDULE_QUEUE, STEP_QUEUE, type StepJobData } from './queue.ts';
import { createReporter } from './reporter.ts';
import { claimUnit, failAbandonedUnit, finishUnit, type AttemptResult, type RunChange } from './unit.ts';
import type { StepExecutor } from './types.ts';

export interface WorkerContext extends DispatchContext {
  db: PlatformDatabase;
  logger: Logger;
  execute: StepExecutor;
  announce: (change: RunChange | null) => Promise<void>;
  /** Attempts running in this process, by run id. */
  running: Map<string, Set<AbortController>>;
  /** Step jobs being handled, so stop() can wait for their outcome to be written. */
  handling: Set<Promise<void>>;
  isStopping: () => boolean;
  reportIntervalMs: number;
}

/** Runs one attempt; throws (so the queue retries after its backoff) only when the unit is QUEUED again for that. */
export async function handleStepJob(context: WorkerContext, job: Job<StepJobData>): Promise<void> {
  const { data } = job;
  const claim = await context.db.transaction((tx) => claimUnit(tx, context, data, job.id));
  await context.announce(claim.change);
  if (claim.kind === 'done') return;
  const controller = new AbortController();
  const attempts = context.running.get(data.runId) ?? new Set();
  context.running.set(data.runId, attempts.add(controller));
  const reporter = createReporter({
    db: context.db,
    logger: context.logger,
    data,
    attempt: claim.attempt,
    intervalMs: context.reportIntervalMs,
    onWrite: () => context.announce(claim.change),
    onLost: () => controller.abort(new Error('the unit was cancelled')),
  });
  const signal = AbortSignal.any([controller.signal, job.signal]);
  let result: AttemptResult;
  try {
    const outcome = await context.execute({
      runId: data.runId,
      pipeline: claim.change.pipeline,
      step: data.step,
      partition: data.partition === '' ? null : data.partition,
      attempt: claim.attempt,
      params: claim.params,
      signal,
      progress: (update) => reporter.progress(update),
      log: (line) => reporter.log(line),
    });
    result = { kind: 'ok', outcome };
  } catch (error) {
    result = { kind: 'error', message: error instanceof Error ? error.message : String(error), released: context.isStopping() };
  } finally {
    attempts.delete(controller);
    if (attempts.size === 0) context.running.delete(data.runId);
    await reporter.stop();
  }
  if (result.kind === 'error' && result.released) result.message = `released by a stopping worker: ${result.message}`;
  const finished = await context.db.transaction((tx) => finishUnit(tx, context, data, claim.attempt, result));
  await context.announce(finished.change);
  if (finished.kind === 'retry' && result.kind === 'error') throw new Error(result.message);
}

export async function handleDeadJob(context: WorkerContext, job: JobWithMetadata<StepJobData>): Promise<void> {
  // A dead-lettered job is a copy: its sourceId is the id the unit's row holds.
  const jobId = job.sourceId ?? job.id;
  const change = await context.db.transaction((tx) => failAbandonedUnit(tx, context, job.data, jobId));
  await context.announce(change);
}

/** Aborts the attempts of `runId` running in this process. */
export function abortRun(running: Map<string, Set<AbortController>>, runId: string): void {
  for (const controller of running.get(runId) ?? []) controller.abort(new Error('the run was cancelled'));
}

/** Consumes the step, dead-letter and schedule queues; `onTick` handles a schedule's tick. */
export async function consumeQueues(
  boss: PgBoss,
  context: WorkerContext,
  concurrency: number,
  onTick: (job: JobWithMetadata<{ pipeline: string }>) => Promise<void>,
): Promise<void> {
  // Polling is the floor under NOTIFY (a job sent inside another transaction may not wake a worker), so both intervals are pollSeconds.
  const polling = { pollingIntervalSeconds: context.timing.pollSeconds, notifyPollingIntervalSeconds: context.timing.pollSeconds };
  await boss.work<StepJobData>(STEP_QUEUE, { ...polling, localConcurrency: concurrency }, async ([job]) => {
    const handled = handleStepJob(context, job);
    context.handling.add(handled);
    try {
      await handled;
    } finally {
      context.handling.delete(handled);
    }
  });
  await boss.work(DEAD_QUEUE, { ...polling, includeMetadata: true }, async ([job]) => handleDeadJob(context, job as JobWithMetadata<StepJobData>));
  await boss.work(SCHEDULE_QUEUE, { ...polling, includeMetadata: true }, async ([job]) => onTick(job as JobWithMetadata<{ pipeline: string }>));
}
