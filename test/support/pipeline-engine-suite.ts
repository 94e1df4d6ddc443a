/**
 * The engine's behaviour, run once per profile (PGlite embedded, PostgreSQL):
 * two engines share one database, as two workers would, each with the test
 * executor of pipeline-fixtures.ts.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createPipelineEngine, type BossConnection, type PipelineEngine, type PipelineRun, type RunPlan } from '../../src/pipelines/engine/index.ts';
import { createLogger } from '../../src/observability/index.ts';
import type { PlatformDatabase } from '../../src/sources/index.ts';
import { TEST_TIMING, clearFaults, createFixtureTables, createTestExecutor, setFault, testPipelines, waitFor, waitForRun } from './pipeline-fixtures.ts';

export interface EngineDatabase {
  db: PlatformDatabase;
  boss: BossConnection;
}

export interface EngineProfile {
  /** A fresh database; `connect` gives each engine its connections to it. */
  open(): Promise<{ connect(): EngineDatabase; close(): Promise<void> }>;
}

const logger = createLogger({ level: 'silent' });

export function engineFor(database: EngineDatabase, worker: string, schedule?: string): PipelineEngine {
  return createPipelineEngine({
    ...database,
    logger,
    pipelines: testPipelines({ schedule }),
    execute: createTestExecutor(database.db, worker),
    ...TEST_TIMING,
  });
}

const isRun = (value: PipelineRun | RunPlan): value is PipelineRun => 'id' in value;
const asRun = (value: PipelineRun | RunPlan): PipelineRun => {
  assert.ok(isRun(value), 'a run, not a plan');
  return value;
};
const unitKeys = (units: { step: string; partition: string | null }[]) => units.map((u) => `${u.step}@${u.partition ?? '-'}`);
const stateOf = (run: PipelineRun) => Object.fromEntries(run.steps.map((s) => [`${s.step}@${s.partition ?? '-'}`, `${s.state}/${s.attempts}`]));

export function engineSuite(profile: EngineProfile): void {
  let close: () => Promise<void>;
  let main: EngineDatabase;
  let one: PipelineEngine;
  let two: PipelineEngine;
  const attemptsOf = async (runId: string) =>
    (await main.db.query('SELECT step, partition, attempt, worker, outcome FROM pipe_attempts WHERE run_id = $1 ORDER BY started_at', [runId])) as {
      step: string;
      partition: string;
      attempt: number;
      worker: string;
      outcome: string | null;
    }[];

  before(async () => {
    const opened = await profile.open();
    close = opened.close;
    main = opened.connect();
    await createFixtureTables(main.db);
    one = engineFor(main, 'one');
    two = engineFor(opened.connect(), 'two');
    await one.start({ concurrency: 3 });
    await two.start({ concurrency: 2 });
  });
  after(async () => {
    await Promise.allSettled([one?.stop(), two?.stop()]);
    await close?.();
  });

  it('runs a diamond DAG to SUCCEEDED, each step after its upstream, with states, attempts and rows', async () => {
    const run = asRun(await one.run({ pipeline: 'test.dag', partitions: ['2026-01-01'], params: { scale: 2 }, trigger: { kind: 'mutation', by: 'u1' } }));
    assert.deepEqual(run.trigger, { kind: 'mutation', by: 'u1' });
    const done = await waitForRun(one, run.id);
    assert.equal(done.state, 'SUCCEEDED');
    assert.deepEqual(stateOf(done), {
      'a@2026-01-01': 'SUCCEEDED/1',
      'b@2026-01-01': 'SUCCEEDED/1',
      'c@2026-01-01': 'SUCCEEDED/1',
      'd@2026-01-01': 'SUCCEEDED/1',
    });
    for (const step of done.steps) {
      assert.deepEqual([step.rowsIn, step.rowsOut, step.bytes, step.progress, step.message, step.error], [10, 5, 100, 1, 'halfway', null]);
      assert.ok(step.startedAt && step.finishedAt && step.finishedAt >= step.startedAt);
      assert.deepEqual(step.logs, [`${step.step} 2026-01-01 attempt 1 on ${(await attemptsOf(run.id)).find((a) => a.step === step.step)?.worker}`]);
    }
    assert.deepEqual(done.params, { scale: 2 });
    assert.ok(done.startedAt && done.finishedAt);
    const order = (await attemptsOf(run.id)).map((a) => a.step);
    assert.equal(order[0], 'a');
    assert.equal(order[3], 'd');
  });

  it('fails one partition, skips its downstream, and retries the failed step with its downstream only', async () => {
    await setFault(main.db, { step: 'b', partition: '2026-02-02', failuresLeft: 1 });
    const run = asRun(await one.run({ pipeline: 'test.dag1', partitions: ['2026-02-02', '2026-02-01'], trigger: { kind: 'cli' } }));
    assert.deepEqual(run.partitions, ['2026-02-01', '2026-02-02']);
    const failed = await waitForRun(one, run.id);
    assert.equal(failed.state, 'FAILED');
    assert.deepEqual(stateOf(failed), {
      'a@2026-02-01': 'SUCCEEDED/1',
      'b@2026-02-01': 'SUCCEEDED/1',
      'c@2026-02-01': 'SUCCEEDED/1',
      'd@2026-02-01': 'SUCCEEDED/1',
      'a@2026-02-02': 'SUCCEEDED/1',
      'b@2026-02-02': 'FAILED/1',
      'c@2026-02-02': 'SUCCEEDED/1',
      'd@2026-02-02': 'SKIPPED/0',
    });
    assert.match(failed.steps.find((s) => s.step === 'b' && s.partition === '2026-02-02')?.error ?? '', /injected failure/);
    const before = await main.db.query('SELECT count(*)::int AS n FROM meshgate_pipeline_runs');
    const failedScope = (await one.retry(run.id, { scope: 'FAILED', dryRun: true, trigger: { kind: 'retry' } })) as RunPlan;
    assert.deepEqual(unitKeys(failedScope.units), ['b@2026-02-02', 'd@2026-02-02']);
    const everyPartition = (await one.retry(run.id, { steps: ['b'], scope: 'DOWNSTREAM', dryRun: true, trigger: { kind: 'retry' } })) as RunPlan;
    assert.deepEqual(unitKeys(everyPartition.units), ['b@2026-02-01', 'd@2026-02-01', 'b@2026-02-02', 'd@2026-02-02']);
    const plan = (await one.retry(run.id, {
      steps: ['b'],
      scope: 'DOWNSTREAM',
      partitions: ['2026-02-02'],
      dryRun: true,
      trigger: { kind: 'retry' },
    })) as RunPlan;
    assert.deepEqual(plan, {
      pipeline: 'test.dag1',
      units: [
        { step: 'b', partition: '2026-02-02' },
        { step: 'd', partition: '2026-02-02' },
      ],
    });
    const both = (await one.retry(run.id, { steps: ['b'], scope: 'BOTH', partitions: ['2026-02-02'], dryRun: true, trigger: { kind: 'retry' } })) as RunPlan;
    assert.deepEqual(unitKeys(both.units), ['a@2026-02-02', 'b@2026-02-02', 'd@2026-02-02']);
    assert.deepEqual(await main.db.query('SELECT count(*)::int AS n FROM meshgate_pipeline_runs'), before, 'a dry run writes nothing');
    // The fix: the fault is spent (it failed once). The retry re-runs b and d of that partition, nothing upstream.
    const retry = asRun(await one.retry(run.id, { steps: ['b'], scope: 'DOWNSTREAM', partitions: ['2026-02-02'], trigger: { kind: 'retry', by: 'ops' } }));
    assert.equal(retry.parentRunId, run.id);
    const retried = await waitForRun(one, retry.id);
    assert.equal(retried.state, 'SUCCEEDED');
    assert.deepEqual(stateOf(retried), { 'b@2026-02-02': 'SUCCEEDED/1', 'd@2026-02-02': 'SUCCEEDED/1' });
    assert.deepEqual(
      (await attemptsOf(retry.id)).map((a) => `${a.step}@${a.partition}#${a.attempt}`),
      ['b@2026-02-02#1', 'd@2026-02-02#1'],
    );
    const upstream = await main.db.query(`SELECT count(*)::int AS n FROM pipe_attempts WHERE step = 'a' AND partition = '2026-02-02'`);
    assert.deepEqual(upstream, [{ n: 1 }], 'the upstream did not run again');
  });

  it('retries a failing step with exponential backoff: SUCCEEDED after 3 attempts', async () => {
    await setFault(main.db, { step: 'only', partition: '', failuresLeft: 2 });
    const run = asRun(await two.run({ pipeline: 'test.flaky', trigger: { kind: 'cli' } }));
    assert.deepEqual(run.partitions, [null]);
    const done = await waitForRun(two, run.id, 30_000);
    assert.equal(done.state, 'SUCCEEDED');
    assert.deepEqual(stateOf(done), { 'only@-': 'SUCCEEDED/3' });
    const attempts = await main.db.query(
      `SELECT attempt, outcome, extract(epoch FROM started_at)::float8 AS at FROM pipe_attempts WHERE run_id = $1 ORDER BY attempt`,
      [run.id],
    );
    assert.deepEqual(
      attempts.map((a) => [a.attempt, a.outcome]),
      [
        [1, 'error'],
        [2, 'error'],
        [3, 'ok'],
      ],
    );
    assert.ok((attempts[1].at as number) - (attempts[0].at as number) >= 0.9, 'the first retry waited for its backoff');
    assert.ok((attempts[2].at as number) - (attempts[1].at as number) >= 1.9, 'the second retry waited twice as long');
    await clearFaults(main.db);
  });

  it('fails a step whose blocking check fails, without retrying it, and skips its downstream', async () => {
    await setFault(main.db, { step: 'a', partition: '2026-03-01', failingCheck: true });
    const run = asRun(await one.run({ pipeline: 'test.dag', partitions: ['2026-03-01'], trigger: { kind: 'cli' } }));
    const done = await waitForRun(one, run.id);
    assert.equal(done.state, 'FAILED');
    assert.deepEqual(stateOf(done), { 'a@2026-03-01': 'FAILED/1', 'b@2026-03-01': 'SKIPPED/0', 'c@2026-03-01': 'SKIPPED/0', 'd@2026-03-01': 'SKIPPED/0' });
    const a = done.steps.find((s) => s.step === 'a');
    assert.equal(a?.error, 'blocking check failed: not_empty');
    assert.deepEqual(a?.checks, [{ name: 'not_empty', passed: false, blocking: true, detail: 'no rows' }]);
    await clearFaults(main.db);
  });

  it('starts the readers of a landed partition and their downstream', async () => {
    const [run, ...others] = await one.partitionLanded('test.events', '2026-04-01');
    assert.equal(others.length, 1, 'test.dag and test.dag1 both read test.events');
    assert.deepEqual(run.trigger, { kind: 'partition' });
    assert.equal((await waitForRun(one, run.id)).state, 'SUCCEEDED');
    assert.deepEqual(await one.partitionLanded('test.nobody-reads-this', '2026-04-01'), []);
  });

  it('cancels a run: queued units CANCELLED, the running one aborted, the run CANCELLED', async () => {
    await setFault(main.db, { step: 's1', partition: '', hangAttempt: 1 });
    const run = asRun(await one.run({ pipeline: 'test.slow', trigger: { kind: 'cli' } }));
    await waitFor('s1 to start', async () => (await attemptsOf(run.id)).length > 0);
    const cancelled = await two.cancel(run.id, 'admin');
    assert.equal(cancelled.state, 'CANCELLED');
    assert.equal(cancelled.cancelledBy, 'admin');
    assert.deepEqual(stateOf(cancelled), { 's1@-': 'CANCELLED/1', 's2@-': 'CANCELLED/0' });
    await waitFor('the running attempt to be aborted', async () => (await attemptsOf(run.id))[0]?.outcome === 'aborted', 10_000);
    await assert.rejects(two.cancel(run.id), { code: 'CONFLICT' });
    assert.equal((await one.getRun(run.id))?.state, 'CANCELLED');
    await clearFaults(main.db);
  });

  it('refuses bad input with nothing written', async () => {
    const count = async () => (await main.db.query('SELECT count(*)::int AS n FROM meshgate_pipeline_runs'))[0].n;
    const before = await count();
    const trigger = { kind: 'cli' } as const;
    const refusal = (argument: string, message: RegExp) => ({ code: 'BAD_USER_INPUT', extensions: { argument, code: 'BAD_USER_INPUT' }, message });
    await assert.rejects(
      one.run({ pipeline: 'test.nope', trigger }),
      refusal('pipeline', /Unknown pipeline "test\.nope"; the pipelines: test\.dag, test\.dag1/),
    );
    await assert.rejects(one.run({ pipeline: 'test.dag', partitions: ['2026-1-1'], trigger }), refusal('partitions', /'YYYY-MM-DD'/));
    await assert.rejects(one.run({ pipeline: 'test.dag', partitions: ['2026-02-30'], trigger }), refusal('partitions', /'YYYY-MM-DD'/));
    await assert.rejects(one.run({ pipeline: 'test.flaky', partitions: ['2026-01-01'], trigger }), refusal('partitions', /unpartitioned/));
    await assert.rejects(one.run({ pipeline: 'test.dag', partitions: ['2026-01-01'], steps: ['zz'], trigger }), refusal('steps', /Unknown step "zz".*a, /));
    await assert.rejects(one.backfill({ pipeline: 'test.dag', from: '2026-02-01', to: '2026-01-01', trigger }), refusal('from', /after/));
    await assert.rejects(one.backfill({ pipeline: 'test.dag', from: '2000-01-01', to: '2026-01-01', trigger }), refusal('to', /at most 3660/));
    await assert.rejects(one.backfill({ pipeline: 'test.dag', from: '2026-01-01T00', to: '2026-01-02', trigger }), refusal('from', /'YYYY-MM-DD'/));
    await assert.rejects(
      one.backfill({ pipeline: 'test.dag', from: '2026-01-01', to: '2026-01-02', concurrency: 0, trigger }),
      refusal('concurrency', /concurrency/),
    );
    const finished = (await one.listRuns({ pipeline: 'test.dag', state: 'SUCCEEDED', first: 1 })).runs[0];
    await assert.rejects(one.retry(finished.id, { steps: ['zz'], scope: 'ONLY', trigger }), refusal('steps', /Unknown step/));
    await assert.rejects(one.retry(finished.id, { scope: 'FAILED', trigger }), refusal('scope', /Nothing to retry/));
    await assert.rejects(one.cancel(finished.id), { code: 'CONFLICT' });
    await assert.rejects(one.cancel('00000000-0000-4000-8000-000000000000'), { code: 'NOT_FOUND' });
    await assert.rejects(one.retry('not-a-run', { scope: 'FAILED', trigger }), { code: 'NOT_FOUND' });
    await assert.rejects(one.listRuns({ first: 2, after: 'garbage' }), refusal('after', /cursor/));
    assert.equal(await one.getRun('not-a-run'), null);
    assert.equal(await count(), before);
  });

  it('pages runs newest first with a cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(asRun(await one.run({ pipeline: 'test.page', trigger: { kind: 'cli' } })).id);
    const seen: string[] = [];
    let after: string | undefined;
    for (const expected of [2, 2, 1]) {
      const page = await two.listRuns({ pipeline: 'test.page', first: 2, after });
      assert.equal(page.runs.length, expected, JSON.stringify({ ids, seen, page: page.runs.map((r) => [r.id, r.createdAt]) }));
      assert.equal(page.hasNextPage, expected === 2);
      seen.push(...page.runs.map((r) => r.id));
      after = page.endCursor ?? undefined;
    }
    assert.deepEqual(seen, ids.reverse());
    await Promise.all(ids.map((id) => waitForRun(one, id)));
    assert.equal((await one.listRuns({ pipeline: 'test.page', state: 'SUCCEEDED', first: 10 })).runs.length, 5);
    assert.equal((await one.listRuns({ pipeline: 'test.page', state: 'FAILED', first: 10 })).runs.length, 0);
  });

  it("hears another engine's run updates (LISTEN/NOTIFY)", async () => {
    const heard: string[] = [];
    const unlisten = await two.onRunUpdate((update) => heard.push(`${update.id}:${update.pipeline}:${update.state}`));
    try {
      const run = asRun(await one.run({ pipeline: 'test.page', trigger: { kind: 'cli' } }));
      await waitForRun(one, run.id);
      await waitFor('the SUCCEEDED update', async () => heard.includes(`${run.id}:test.page:SUCCEEDED`), 5_000);
      assert.ok(heard.includes(`${run.id}:test.page:QUEUED`) || heard.includes(`${run.id}:test.page:RUNNING`));
    } finally {
      await unlisten();
    }
  });
}

/** A cron schedule registered by two engines fires one run per tick. */
export function scheduleSuite(profile: EngineProfile): void {
  it('fires a cron schedule exactly once with two workers running', async () => {
    // Every minute; the first tick is the current minute's, due at once. Start early enough in the minute that no second tick comes.
    await waitFor('the start of a minute', async () => new Date().getUTCSeconds() < 45, 45_000);
    const opened = await profile.open();
    const main = opened.connect();
    await createFixtureTables(main.db);
    const engines = [engineFor(main, 'one', '* * * * *'), engineFor(opened.connect(), 'two', '* * * * *')];
    try {
      // One after the other: on one PGlite, two pg-boss installs at once would interleave on its single session.
      for (const engine of engines) await engine.start();
      const started = new Date();
      const [first] = await waitFor(
        'a scheduled run',
        async () => {
          const { runs } = await engines[0].listRuns({ pipeline: 'test.ticker', first: 5 });
          return runs.length > 0 && runs;
        },
        15_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const page = await engines[1].listRuns({ pipeline: 'test.ticker', first: 5 });
      assert.equal(new Date().getUTCMinutes(), started.getUTCMinutes(), 'the test stayed within one minute');
      assert.equal(page.runs.length, 1);
      assert.deepEqual(first.trigger, { kind: 'schedule' });
      assert.equal(first.partitions.length, 1);
      assert.equal((await waitForRun(engines[0], first.id)).state, 'SUCCEEDED');
    } finally {
      await Promise.allSettled(engines.map((engine) => engine.stop()));
      await opened.close();
    }
  });
}
