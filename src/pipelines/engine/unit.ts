/**
 * A unit's transitions, each in one transaction under the run's row lock:
 * claimed by a worker (RUNNING, one more attempt), finished by the attempt
 * that holds it (SUCCEEDED, FAILED, or QUEUED again for the queue's retry),
 * failed when the queue gives up on it, cancelled with its run.
 */
import type { SqlQueryable } from '../../sources/index.ts';
import { advanceRun, graphOf, lockRun, type DispatchContext, type LockedRun } from './dispatch.ts';
import { runConflict, runNotFound } from './errors.ts';
import type { StepJobData } from './queue.ts';
import { MAX_LOG_LINES, RUNS_TABLE, STEP_RUNS_TABLE } from './schema.ts';
import type { RunState, StepOutcome, StepState } from './types.ts';

export interface RunChange {
  id: string;
  pipeline: string;
  state: RunState;
}

export type Claim = { kind: 'run'; attempt: number; params: unknown; change: RunChange } | { kind: 'done'; change: RunChange | null };

/** `released`: a stopping worker gave the unit up; it goes back to the queue whatever its attempts. */
export type AttemptResult = { kind: 'ok'; outcome: StepOutcome } | { kind: 'error'; message: string; released: boolean };

const UNIT = `run_id = $1 AND step = $2 AND partition = $3`;

/** A unit's log with the lines of JSON array parameter `param` appended, keeping the last MAX_LOG_LINES. */
export const appendLogs = (param: string): string => `(SELECT COALESCE(jsonb_agg(line ORDER BY n), '[]'::jsonb) FROM (
  SELECT line, n FROM jsonb_array_elements(logs || ${param}::jsonb) WITH ORDINALITY AS l(line, n) ORDER BY n DESC LIMIT ${MAX_LOG_LINES}) kept)`;

interface LockedUnit {
  state: StepState;
  attempts: number;
  job_id: string | null;
}

async function lockUnit(tx: SqlQueryable, data: StepJobData): Promise<LockedUnit | null> {
  const [row] = await tx.query(`SELECT state, attempts, job_id::text AS job_id FROM ${STEP_RUNS_TABLE} WHERE ${UNIT} FOR UPDATE`, [
    data.runId,
    data.step,
    data.partition,
  ]);
  return row ? { state: row.state as StepState, attempts: row.attempts as number, job_id: row.job_id as string | null } : null;
}

const change = (run: LockedRun): RunChange => ({ id: run.id, pipeline: run.pipeline, state: run.state });

/** Starts an attempt of the unit for queue job `jobId`, or says there is nothing to do (stale job, finished or cancelled unit). */
export async function claimUnit(tx: SqlQueryable, context: DispatchContext, data: StepJobData, jobId: string): Promise<Claim> {
  const run = await lockRun(tx, data.runId);
  const unit = run && (await lockUnit(tx, data));
  if (!run || !unit || unit.job_id !== jobId || (unit.state !== 'QUEUED' && unit.state !== 'RUNNING')) return { kind: 'done', change: null };
  const graph = graphOf(context, run.pipeline);
  if (unit.state === 'RUNNING') {
    // The previous attempt's worker stopped heartbeating (crashed or cut off): that attempt counts.
    const lost = `attempt ${unit.attempts} lost its worker (no heartbeat)`;
    if (unit.attempts >= graph.pipeline.maxAttempts) {
      await endUnit(tx, data, 'FAILED', lost);
      await advanceRun(tx, context, run);
      return { kind: 'done', change: change(run) };
    }
    await tx.query(`UPDATE ${STEP_RUNS_TABLE} SET logs = ${appendLogs('$4')} WHERE ${UNIT}`, [data.runId, data.step, data.partition, JSON.stringify([lost])]);
  }
  await tx.query(
    `UPDATE ${STEP_RUNS_TABLE} SET state = 'RUNNING', attempts = attempts + 1, started_at = COALESCE(started_at, clock_timestamp()), finished_at = NULL
     WHERE ${UNIT}`,
    [data.runId, data.step, data.partition],
  );
  await advanceRun(tx, context, run);
  const [{ params }] = await tx.query(`SELECT params FROM ${RUNS_TABLE} WHERE id = $1`, [data.runId]);
  return { kind: 'run', attempt: unit.attempts + 1, params: params ?? null, change: change(run) };
}

/**
 * Records the outcome of `attempt`, if that attempt still holds the unit (a cancel or a newer attempt
 * took it otherwise: 'stale'). 'retry': the unit is QUEUED again and the queue retries it after its backoff.
 */
export async function finishUnit(
  tx: SqlQueryable,
  context: DispatchContext,
  data: StepJobData,
  attempt: number,
  result: AttemptResult,
): Promise<{ kind: 'stale' | 'done' | 'retry'; change: RunChange | null }> {
  const run = await lockRun(tx, data.runId);
  const unit = run && (await lockUnit(tx, data));
  if (!run || !unit || unit.state !== 'RUNNING' || unit.attempts !== attempt) return { kind: 'stale', change: null };
  const graph = graphOf(context, run.pipeline);
  let kind: 'done' | 'retry' = 'done';
  if (result.kind === 'ok') {
    const { outcome } = result;
    const blocking = (outcome.checks ?? []).filter((check) => check.blocking && !check.passed).map((check) => check.name);
    await tx.query(
      `UPDATE ${STEP_RUNS_TABLE} SET state = $4, rows_in = $5, rows_out = $6, bytes = $7, checks = $8, error = $9,
         progress = CASE WHEN $4 = 'SUCCEEDED' THEN 1 ELSE progress END, finished_at = clock_timestamp()
       WHERE ${UNIT}`,
      [
        data.runId,
        data.step,
        data.partition,
        blocking.length > 0 ? 'FAILED' : 'SUCCEEDED',
        outcome.rowsIn,
        outcome.rowsOut,
        outcome.bytes,
        JSON.stringify(outcome.checks ?? []),
        blocking.length > 0 ? `blocking check failed: ${blocking.join(', ')}` : null,
      ],
    );
  } else if (result.released || attempt < graph.pipeline.maxAttempts) {
    await tx.query(`UPDATE ${STEP_RUNS_TABLE} SET state = 'QUEUED', error = $4 WHERE ${UNIT}`, [data.runId, data.step, data.partition, result.message]);
    kind = 'retry';
  } else {
    await endUnit(tx, data, 'FAILED', result.message);
  }
  await advanceRun(tx, context, run);
  return { kind, change: change(run) };
}

async function endUnit(tx: SqlQueryable, data: StepJobData, state: StepState, error: string): Promise<void> {
  await tx.query(`UPDATE ${STEP_RUNS_TABLE} SET state = $4, error = $5, finished_at = clock_timestamp() WHERE ${UNIT}`, [
    data.runId,
    data.step,
    data.partition,
    state,
    error,
  ]);
}

/** The queue gave up on the unit's job (its retries ran out outside an attempt): the unit fails, if it has not finished. */
export async function failAbandonedUnit(tx: SqlQueryable, context: DispatchContext, data: StepJobData, jobId: string): Promise<RunChange | null> {
  const run = await lockRun(tx, data.runId);
  const unit = run && (await lockUnit(tx, data));
  if (!run || !unit || unit.job_id !== jobId || (unit.state !== 'QUEUED' && unit.state !== 'RUNNING')) return null;
  await endUnit(tx, data, 'FAILED', 'the queue gave up on this unit (its deliveries ran out)');
  await advanceRun(tx, context, run);
  return change(run);
}

/** Cancels the run's queued and running units and the run; returns the queue jobs to cancel. */
export async function cancelRunUnits(tx: SqlQueryable, runId: string, by: string | null): Promise<{ change: RunChange; jobIds: string[] }> {
  const run = await lockRun(tx, runId);
  if (!run) throw runNotFound(runId);
  if (run.state !== 'QUEUED' && run.state !== 'RUNNING') throw runConflict(`Run ${runId} has already finished (${run.state}): there is nothing to cancel.`);
  const units = await tx.query(
    `UPDATE ${STEP_RUNS_TABLE} SET state = 'CANCELLED', finished_at = clock_timestamp()
     WHERE run_id = $1 AND state IN ('QUEUED', 'RUNNING') RETURNING job_id::text AS job_id`,
    [runId],
  );
  await tx.query(`UPDATE ${RUNS_TABLE} SET state = 'CANCELLED', cancelled_by = $2, finished_at = clock_timestamp() WHERE id = $1`, [runId, by]);
  const jobIds = units.map((unit) => unit.job_id as string | null).filter((id): id is string => id !== null);
  return { change: { id: run.id, pipeline: run.pipeline, state: 'CANCELLED' }, jobIds };
}
