import type { PlatformDatabase } from '../../sources/index.ts';

export const RUNS_TABLE = 'meshgate_pipeline_runs';
export const STEP_RUNS_TABLE = 'meshgate_pipeline_step_runs';

/** The lines of a unit's log kept (the last ones). */
export const MAX_LOG_LINES = 200;

const DDL = [
  `CREATE TABLE IF NOT EXISTS ${RUNS_TABLE} (
    id uuid PRIMARY KEY,
    seq bigserial UNIQUE,
    pipeline text NOT NULL,
    state text NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    trigger jsonb NOT NULL,
    partitions jsonb NOT NULL,
    params jsonb,
    concurrency int,
    parent_run_id uuid REFERENCES ${RUNS_TABLE} (id),
    dedupe_key text UNIQUE,
    cancelled_by text,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    started_at timestamptz,
    finished_at timestamptz
  )`,
  `CREATE INDEX IF NOT EXISTS ${RUNS_TABLE}_pipeline ON ${RUNS_TABLE} (pipeline, seq DESC)`,
  `CREATE INDEX IF NOT EXISTS ${RUNS_TABLE}_state ON ${RUNS_TABLE} (state, seq DESC)`,
  // One row per (run, step, partition); partition '' stands for none (a key column cannot be null).
  // job_id: the queue job that carries the unit; null while it waits for its upstream or for the run's concurrency gate.
  `CREATE TABLE IF NOT EXISTS ${STEP_RUNS_TABLE} (
    run_id uuid NOT NULL REFERENCES ${RUNS_TABLE} (id) ON DELETE CASCADE,
    step text NOT NULL,
    partition text NOT NULL,
    state text NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED')),
    attempts int NOT NULL DEFAULT 0,
    job_id uuid,
    rows_in bigint,
    rows_out bigint,
    bytes bigint,
    started_at timestamptz,
    finished_at timestamptz,
    error text,
    progress double precision,
    message text,
    checks jsonb NOT NULL DEFAULT '[]',
    logs jsonb NOT NULL DEFAULT '[]',
    PRIMARY KEY (run_id, step, partition)
  )`,
];

/** Idempotent; an advisory lock keeps processes starting together from racing on CREATE. */
export async function ensurePipelineTables(db: PlatformDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('${RUNS_TABLE}'))`);
    for (const statement of DDL) await tx.query(statement);
  });
}
