/**
 * Moving a run forward, inside a transaction that holds the run's row lock
 * (every state change of a run or its units takes it first, so two workers
 * never both start or both finish a unit): downstream of a failed unit is
 * SKIPPED, units whose upstream all SUCCEEDED get their queue job (as many as
 * the run's concurrency gate lets through), and the run's state is derived
 * from its units'.
 */
import type { PgBoss } from 'pg-boss';
import type { SqlQueryable } from '../../sources/index.ts';
import type { PipelineGraph } from './dag.ts';
import { STEP_QUEUE, stepJob, txDatabase, type QueueTiming } from './queue.ts';
import { RUNS_TABLE, STEP_RUNS_TABLE } from './schema.ts';
import type { RunState, StepState } from './types.ts';

export interface DispatchContext {
  boss: PgBoss;
  timing: QueueTiming;
  graphs: ReadonlyMap<string, PipelineGraph>;
}

export interface LockedRun {
  id: string;
  pipeline: string;
  state: RunState;
  concurrency: number | null;
}

interface UnitRow {
  step: string;
  partition: string;
  state: StepState;
  job_id: string | null;
  attempts: number;
}

const BROKEN: ReadonlySet<StepState> = new Set(['FAILED', 'SKIPPED', 'CANCELLED']);

/** Every process must define the pipelines of the runs it works; one that does not fails the job (the queue retries it elsewhere). */
export function graphOf(context: DispatchContext, pipeline: string): PipelineGraph {
  const graph = context.graphs.get(pipeline);
  if (!graph) throw new Error(`pipeline ${pipeline} is not defined in this process`);
  return graph;
}

export async function lockRun(tx: SqlQueryable, runId: string): Promise<LockedRun | null> {
  const [row] = await tx.query(`SELECT id::text AS id, pipeline, state, concurrency FROM ${RUNS_TABLE} WHERE id = $1 FOR UPDATE`, [runId]);
  return row ? { id: row.id as string, pipeline: row.pipeline as string, state: row.state as RunState, concurrency: row.concurrency as number | null } : null;
}

/** Skips, enqueues and settles; returns the run's state after it. */
export async function advanceRun(tx: SqlQueryable, context: DispatchContext, run: LockedRun): Promise<RunState> {
  if (run.state === 'CANCELLED' || run.state === 'SUCCEEDED' || run.state === 'FAILED') return run.state;
  const graph = graphOf(context, run.pipeline);
  const units = await tx.query<UnitRow & Record<string, unknown>>(
    `SELECT step, partition, state, job_id::text AS job_id, attempts FROM ${STEP_RUNS_TABLE} WHERE run_id = $1`,
    [run.id],
  );
  const rank = new Map(graph.order.map((step, i) => [step, i]));
  units.sort((a, b) => (rank.get(a.step) ?? 0) - (rank.get(b.step) ?? 0) || a.partition.localeCompare(b.partition));
  const byKey = new Map(units.map((unit) => [`${unit.step}\u0000${unit.partition}`, unit]));
  // The units a unit waits for: its upstream steps' units of the same partition, or the single unit of an unpartitioned one.
  const upstreamOf = (unit: UnitRow): UnitRow[] =>
    (graph.upstream.get(unit.step) ?? []).flatMap((step) => {
      const found = byKey.get(`${step}\u0000${unit.partition}`) ?? byKey.get(`${step}\u0000`);
      return found ? [found] : [];
    });
  const skipped: UnitRow[] = [];
  const ready: UnitRow[] = [];
  for (const unit of units) {
    if (unit.state !== 'QUEUED' || unit.job_id !== null) continue;
    const upstream = upstreamOf(unit);
    if (upstream.some((u) => BROKEN.has(u.state))) {
      unit.state = 'SKIPPED';
      skipped.push(unit);
    } else if (upstream.every((u) => u.state === 'SUCCEEDED')) ready.push(unit);
  }
  if (skipped.length > 0) await setStates(tx, run.id, skipped, 'SKIPPED');
  const inFlight = units.filter((u) => (u.state === 'QUEUED' || u.state === 'RUNNING') && u.job_id !== null).length;
  const slots = run.concurrency === null ? ready.length : Math.max(0, run.concurrency - inFlight);
  await enqueue(tx, context, run, ready.slice(0, slots));
  return settle(tx, run, units);
}

async function setStates(tx: SqlQueryable, runId: string, units: UnitRow[], state: StepState): Promise<void> {
  await tx.query(
    `UPDATE ${STEP_RUNS_TABLE} s SET state = $3, finished_at = clock_timestamp()
     FROM jsonb_to_recordset($2::jsonb) AS u(step text, partition text)
     WHERE s.run_id = $1 AND s.step = u.step AND s.partition = u.partition`,
    [runId, JSON.stringify(units.map(({ step, partition }) => ({ step, partition }))), state],
  );
}

/** One job per unit, inserted in the same transaction as the job ids that mark the units as sent. */
async function enqueue(tx: SqlQueryable, context: DispatchContext, run: LockedRun, units: UnitRow[]): Promise<void> {
  if (units.length === 0) return;
  const { pipeline } = graphOf(context, run.pipeline);
  const jobs = units.map((unit) => stepJob({ runId: run.id, step: unit.step, partition: unit.partition }, pipeline, context.timing));
  await context.boss.insert(STEP_QUEUE, jobs, { db: txDatabase(tx) });
  await tx.query(
    `UPDATE ${STEP_RUNS_TABLE} s SET job_id = u.job_id
     FROM jsonb_to_recordset($2::jsonb) AS u(step text, partition text, job_id uuid)
     WHERE s.run_id = $1 AND s.step = u.step AND s.partition = u.partition`,
    [run.id, JSON.stringify(units.map((unit, i) => ({ step: unit.step, partition: unit.partition, job_id: jobs[i].id })))],
  );
  for (const [i, unit] of units.entries()) unit.job_id = jobs[i].id as string;
}

/** RUNNING once any unit started, SUCCEEDED when all did, FAILED when one failed and nothing more can run. */
async function settle(tx: SqlQueryable, run: LockedRun, units: UnitRow[]): Promise<RunState> {
  const state = derivedState(units);
  if (state === run.state) return state;
  const finished = state === 'SUCCEEDED' || state === 'FAILED';
  await tx.query(
    `UPDATE ${RUNS_TABLE} SET state = $2,
       started_at = CASE WHEN $2 <> 'QUEUED' THEN COALESCE(started_at, clock_timestamp()) END,
       finished_at = CASE WHEN $3 THEN clock_timestamp() END
     WHERE id = $1`,
    [run.id, state, finished],
  );
  run.state = state;
  return state;
}

function derivedState(units: UnitRow[]): RunState {
  if (units.every((u) => u.state === 'SUCCEEDED')) return 'SUCCEEDED';
  if (!units.some((u) => u.state === 'QUEUED' || u.state === 'RUNNING')) return 'FAILED';
  return units.some((u) => u.state !== 'QUEUED' || u.attempts > 0) ? 'RUNNING' : 'QUEUED';
}
