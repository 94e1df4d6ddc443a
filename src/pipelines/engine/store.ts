/**
 * Runs and step runs as rows: inserting a run with its units, reading runs
 * back (with their units), paging them newest first.
 */
import { randomUUID } from 'node:crypto';
import type { SqlQueryable } from '../../sources/index.ts';
import { badPipelineInput } from './errors.ts';
import { RUNS_TABLE, STEP_RUNS_TABLE } from './schema.ts';
import type { CheckOutcome, PipelineRun, RunState, RunTrigger, StepRun, StepState, Unit } from './types.ts';

export interface NewRun {
  pipeline: string;
  trigger: RunTrigger;
  partitions: (string | null)[];
  params: unknown;
  concurrency: number | null;
  parentRunId: string | null;
  /** A run with the same key is not created twice (a schedule tick's job delivered again). */
  dedupeKey?: string;
  units: Unit[];
}

/** The stored form of a partition: '' for none. */
export const partitionKey = (partition: string | null): string => partition ?? '';
const partitionOf = (key: string): string | null => (key === '' ? null : key);

/** Inserts the run and its units (QUEUED); null when a run with the same dedupe key exists. */
export async function insertRun(tx: SqlQueryable, run: NewRun): Promise<string | null> {
  const id = randomUUID();
  const inserted = await tx.query(
    `INSERT INTO ${RUNS_TABLE} (id, pipeline, state, trigger, partitions, params, concurrency, parent_run_id, dedupe_key)
     VALUES ($1, $2, 'QUEUED', $3, $4, $5, $6, $7, $8) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [
      id,
      run.pipeline,
      JSON.stringify(run.trigger),
      JSON.stringify(run.partitions),
      run.params === undefined ? null : JSON.stringify(run.params),
      run.concurrency,
      run.parentRunId,
      run.dedupeKey ?? null,
    ],
  );
  if (inserted.length === 0) return null;
  await tx.query(
    `INSERT INTO ${STEP_RUNS_TABLE} (run_id, step, partition, state)
     SELECT $1, u.step, u.partition, 'QUEUED' FROM jsonb_to_recordset($2::jsonb) AS u(step text, partition text)`,
    [id, JSON.stringify(run.units.map((unit) => ({ step: unit.step, partition: partitionKey(unit.partition) })))],
  );
  return id;
}

const RUN_COLUMNS = `id::text AS id, seq::text AS seq, pipeline, state, trigger, partitions, params, concurrency, parent_run_id::text AS parent_run_id,
  cancelled_by, created_at, started_at, finished_at`;
const STEP_COLUMNS = `run_id::text AS run_id, step, partition, state, attempts, rows_in::float8 AS rows_in, rows_out::float8 AS rows_out,
  bytes::float8 AS bytes, started_at, finished_at, error, progress, message, checks, logs`;

type Row = Record<string, unknown>;

export async function loadRun(q: SqlQueryable, id: string): Promise<PipelineRun | null> {
  if (!isUuid(id)) return null;
  const [run] = await loadRuns(q, `WHERE id = $1`, [id]);
  return run ?? null;
}

async function loadRuns(q: SqlQueryable, where: string, values: unknown[]): Promise<(PipelineRun & { seq: string })[]> {
  const runs = await q.query(`SELECT ${RUN_COLUMNS} FROM ${RUNS_TABLE} ${where}`, values);
  if (runs.length === 0) return [];
  const steps = await q.query(`SELECT ${STEP_COLUMNS} FROM ${STEP_RUNS_TABLE} WHERE run_id = ANY($1::uuid[]) ORDER BY run_id, partition, step`, [
    runs.map((run) => run.id),
  ]);
  const byRun = new Map<string, StepRun[]>();
  for (const step of steps) {
    const list = byRun.get(step.run_id as string) ?? [];
    list.push(stepRunOf(step));
    byRun.set(step.run_id as string, list);
  }
  return runs.map((row) => ({ ...runOf(row, byRun.get(row.id as string) ?? []), seq: row.seq as string }));
}

function runOf(row: Row, steps: StepRun[]): PipelineRun {
  return {
    id: row.id as string,
    pipeline: row.pipeline as string,
    state: row.state as RunState,
    trigger: row.trigger as RunTrigger,
    partitions: row.partitions as (string | null)[],
    params: row.params ?? null,
    createdAt: row.created_at as Date,
    startedAt: (row.started_at as Date | null) ?? null,
    finishedAt: (row.finished_at as Date | null) ?? null,
    parentRunId: (row.parent_run_id as string | null) ?? null,
    concurrency: (row.concurrency as number | null) ?? null,
    cancelledBy: (row.cancelled_by as string | null) ?? null,
    steps,
  };
}

function stepRunOf(row: Row): StepRun {
  return {
    step: row.step as string,
    partition: partitionOf(row.partition as string),
    state: row.state as StepState,
    attempts: row.attempts as number,
    rowsIn: (row.rows_in as number | null) ?? null,
    rowsOut: (row.rows_out as number | null) ?? null,
    bytes: (row.bytes as number | null) ?? null,
    startedAt: (row.started_at as Date | null) ?? null,
    finishedAt: (row.finished_at as Date | null) ?? null,
    error: (row.error as string | null) ?? null,
    progress: (row.progress as number | null) ?? null,
    message: (row.message as string | null) ?? null,
    checks: row.checks as CheckOutcome[],
    logs: row.logs as string[],
  };
}

/** The most runs one page holds. */
export const MAX_PAGE = 1000;

export interface RunPage {
  runs: PipelineRun[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Newest first; the cursor is the last run's sequence number. */
export async function listRuns(
  q: SqlQueryable,
  query: { pipeline?: string; pipelines?: readonly string[]; state?: RunState; first: number; after?: string },
): Promise<RunPage> {
  if (!Number.isInteger(query.first) || query.first < 1 || query.first > MAX_PAGE)
    throw badPipelineInput(`first must be an integer from 1 to ${MAX_PAGE}.`, 'first');
  const conditions: string[] = [];
  const values: unknown[] = [];
  if (query.pipeline !== undefined) conditions.push(`pipeline = $${values.push(query.pipeline)}`);
  if (query.pipelines !== undefined) conditions.push(`pipeline = ANY($${values.push([...query.pipelines])}::text[])`);
  if (query.state !== undefined) conditions.push(`state = $${values.push(query.state)}`);
  if (query.after !== undefined) conditions.push(`seq < $${values.push(decodeRunCursor(query.after))}::bigint`);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  // Qualified: a bare `seq` in ORDER BY would name the text output column.
  const runs = await loadRuns(q, `${where} ORDER BY ${RUNS_TABLE}.seq DESC LIMIT ${query.first + 1}`, values);
  const page = runs.slice(0, query.first);
  const last = page.at(-1);
  return { runs: page.map(({ seq: _, ...run }) => run), hasNextPage: runs.length > query.first, endCursor: last ? encodeRunCursor(last.seq) : null };
}

const CURSOR_PREFIX = 'run:';

function encodeRunCursor(seq: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${seq}`).toString('base64url');
}

function decodeRunCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString();
  const seq = text.startsWith(CURSOR_PREFIX) ? text.slice(CURSOR_PREFIX.length) : '';
  if (!/^\d{1,18}$/.test(seq)) throw badPipelineInput('Bad cursor: pass the endCursor of a previous page.', 'after');
  return seq;
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** For each (step, partition) of `pipeline`, the state of its unit in the newest run that had one. */
export async function latestUnitStates(q: SqlQueryable, pipeline: string, partitions: readonly string[]): Promise<Map<string, StepState>> {
  const rows = await q.query(
    `SELECT DISTINCT ON (s.step, s.partition) s.step, s.partition, s.state
     FROM ${STEP_RUNS_TABLE} s JOIN ${RUNS_TABLE} r ON r.id = s.run_id
     WHERE r.pipeline = $1 AND s.partition = ANY($2::text[])
     ORDER BY s.step, s.partition, r.seq DESC`,
    [pipeline, partitions],
  );
  return new Map(rows.map((row) => [`${row.step}\u0000${row.partition}`, row.state as StepState]));
}
