/**
 * Test pipelines and a small executor for the engine's tests. The executor
 * records every attempt (run, step, partition, attempt, worker, start and end
 * on the database's clock) in `pipe_attempts` and each unit's effect once per
 * successful attempt in `pipe_effects`; `pipe_faults` rows make it fail,
 * sleep, hang on one attempt or fail a blocking check, so a test (or a worker
 * in another process) can steer it through the database.
 */
import type { EnginePipeline, PipelineEngine, PipelineRun, RunState, StepExecutor } from '../../src/pipelines/engine/index.ts';
import type { PlatformDatabase } from '../../src/sources/index.ts';

const step = (name: string, dependsOn: string[] = [], readsDatasets: string[] = []) => ({ name, dependsOn, readsDatasets });
const diamond = [step('a', [], ['test.events']), step('b', ['a']), step('c', ['a']), step('d', ['b', 'c'])];

/** a → b, a → c, b + c → d; `test.dag1` gives each unit one attempt. */
export function testPipelines(options: { schedule?: string } = {}): EnginePipeline[] {
  return [
    { id: 'test.dag', partitioning: 'day', maxAttempts: 3, backoffSeconds: 1, steps: diamond },
    { id: 'test.dag1', partitioning: 'day', maxAttempts: 1, backoffSeconds: 1, steps: diamond },
    { id: 'test.flaky', partitioning: 'none', maxAttempts: 3, backoffSeconds: 1, steps: [step('only')] },
    { id: 'test.slow', partitioning: 'none', maxAttempts: 2, backoffSeconds: 1, steps: [step('s1'), step('s2', ['s1'])] },
    { id: 'test.page', partitioning: 'none', maxAttempts: 1, backoffSeconds: 1, steps: [step('only')] },
    { id: 'test.daily', partitioning: 'day', maxAttempts: 3, backoffSeconds: 1, steps: [step('load')] },
    ...(options.schedule
      ? [{ id: 'test.ticker', partitioning: 'hour' as const, schedule: options.schedule, maxAttempts: 1, backoffSeconds: 1, steps: [step('tick')] }]
      : []),
  ];
}

export async function createFixtureTables(db: PlatformDatabase): Promise<void> {
  await db.query(`CREATE TABLE IF NOT EXISTS pipe_attempts (
    run_id text NOT NULL, step text NOT NULL, partition text NOT NULL, attempt int NOT NULL, worker text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT clock_timestamp(), finished_at timestamptz, outcome text)`);
  await db.query('CREATE TABLE IF NOT EXISTS pipe_effects (run_id text NOT NULL, step text NOT NULL, partition text NOT NULL)');
  await db.query(`CREATE TABLE IF NOT EXISTS pipe_faults (
    step text NOT NULL, partition text NOT NULL, failures_left int NOT NULL DEFAULT 0, sleep_ms int NOT NULL DEFAULT 0,
    hang_attempt int, failing_check boolean NOT NULL DEFAULT false, PRIMARY KEY (step, partition))`);
}

export interface Fault {
  step: string;
  /** '*' for every partition, '' for unpartitioned units. */
  partition: string;
  failuresLeft?: number;
  sleepMs?: number;
  /** This attempt sleeps for a minute (until aborted). */
  hangAttempt?: number;
  failingCheck?: boolean;
}

export async function setFault(db: PlatformDatabase, fault: Fault): Promise<void> {
  await db.query(
    `INSERT INTO pipe_faults VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (step, partition) DO UPDATE
     SET failures_left = $3, sleep_ms = $4, hang_attempt = $5, failing_check = $6`,
    [fault.step, fault.partition, fault.failuresLeft ?? 0, fault.sleepMs ?? 0, fault.hangAttempt ?? null, fault.failingCheck ?? false],
  );
}

export async function clearFaults(db: PlatformDatabase): Promise<void> {
  await db.query('DELETE FROM pipe_faults');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', abort, { once: true });
  });
}

export function createTestExecutor(db: PlatformDatabase, worker: string): StepExecutor {
  return async (job) => {
    const partition = job.partition ?? '';
    const key = [job.runId, job.step, partition];
    await db.query('INSERT INTO pipe_attempts (run_id, step, partition, attempt, worker) VALUES ($1, $2, $3, $4, $5)', [...key, job.attempt, worker]);
    const end = (outcome: string) =>
      db.query('UPDATE pipe_attempts SET finished_at = clock_timestamp(), outcome = $5 WHERE run_id = $1 AND step = $2 AND partition = $3 AND attempt = $4', [
        ...key,
        job.attempt,
        outcome,
      ]);
    try {
      const [fault] = await db.query(
        `SELECT sleep_ms, hang_attempt, failing_check FROM pipe_faults WHERE step = $1 AND partition IN ($2, '*') ORDER BY partition DESC LIMIT 1`,
        [job.step, partition],
      );
      job.log(`${job.step} ${partition} attempt ${job.attempt} on ${worker}`);
      job.progress({ fraction: 0.5, message: 'halfway' });
      if (fault?.hang_attempt === job.attempt) await sleep(60_000, job.signal);
      if (fault && (fault.sleep_ms as number) > 0) await sleep(fault.sleep_ms as number, job.signal);
      const failing = await db.query(
        `UPDATE pipe_faults SET failures_left = failures_left - 1 WHERE step = $1 AND partition IN ($2, '*') AND failures_left > 0 RETURNING 1`,
        [job.step, partition],
      );
      if (failing.length > 0) throw new Error(`injected failure of ${job.step} ${partition}`);
      await db.query('INSERT INTO pipe_effects VALUES ($1, $2, $3)', key);
      await end('ok');
      const checks = fault?.failing_check ? [{ name: 'not_empty', passed: false, blocking: true, detail: 'no rows' }] : [];
      return { rowsIn: 10, rowsOut: 5, bytes: 100, checks };
    } catch (error) {
      await end(job.signal.aborted ? 'aborted' : 'error');
      throw error;
    }
  };
}

const FINISHED: readonly RunState[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

/** Polls until the run reaches one of `states` (default: any finished state). */
export async function waitForRun(engine: PipelineEngine, id: string, timeoutMs = 30_000, states: readonly RunState[] = FINISHED): Promise<PipelineRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await engine.getRun(id);
    if (run && states.includes(run.state)) return run;
    if (Date.now() > deadline)
      throw new Error(
        `run ${id} still ${run?.state} after ${timeoutMs} ms: ${JSON.stringify(run?.steps.map((s) => [s.step, s.partition, s.state, s.attempts, s.error]))}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Short bounds so the tests run in seconds: heartbeat expiry 10 s (pg-boss's least), polling 0.5 s, schedules checked every second. */
export const TEST_TIMING = { expireSeconds: 10, pollSeconds: 0.5, scheduleCheckSeconds: 1, stopTimeoutSeconds: 2 } as const;
