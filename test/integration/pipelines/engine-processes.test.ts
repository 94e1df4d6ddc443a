/**
 * The engine across processes on PostgreSQL: a worker SIGKILLed in the middle
 * of a step has its unit finished by another worker within the heartbeat bound,
 * and a 30-day backfill is spread over two worker processes within its
 * concurrency bound, every partition succeeding once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PipelineEngine, PipelineRun, RunPlan } from '../../../src/pipelines/engine/index.ts';
import { createPostgresPlatformDatabase, type PlatformDatabase } from '../../../src/sources/index.ts';
import { engineFor } from '../../support/pipeline-engine-suite.ts';
import { TEST_TIMING, createFixtureTables, setFault, waitFor, waitForRun } from '../../support/pipeline-fixtures.ts';
import { spawnPipelineWorker, type PipelineWorkerProcess } from '../../support/pipeline-process.ts';
import { createTestDatabase, type TestDatabase } from '../../support/postgres-database.ts';

const asRun = (value: PipelineRun | RunPlan): PipelineRun => {
  assert.ok('id' in value);
  return value;
};

describe('pipelines engine across worker processes (PostgreSQL)', () => {
  let database: TestDatabase;
  let db: PlatformDatabase;
  let client: PipelineEngine;
  const workers: PipelineWorkerProcess[] = [];
  const engines: PipelineEngine[] = [];

  before(async () => {
    database = await createTestDatabase('meshgate_pipe');
    db = createPostgresPlatformDatabase(database.url, 4);
    await createFixtureTables(db);
    // Runs are created here; units are worked only by the worker processes (and, after the crash, by `rescuer`).
    client = engineFor({ db, boss: { kind: 'postgres', connection: database.url, max: 2 } }, 'client');
    await client.start({ worker: false });
    engines.push(client);
  });
  after(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.allSettled(engines.map((engine) => engine.stop()));
    await db?.close();
    await database?.drop();
  });

  it('finishes the unit of a worker SIGKILLed mid-step on another worker (effect written once), and of a worker stopped mid-step', async () => {
    const doomed = spawnPipelineWorker(database.url, 'doomed', 1);
    workers.push(doomed);
    await doomed.ready;
    await setFault(db, { step: 'load', partition: '2026-05-01', hangAttempt: 1 });
    const run = asRun(await client.run({ pipeline: 'test.daily', partitions: ['2026-05-01', '2026-05-02'], trigger: { kind: 'cli' } }));
    await waitFor('the doomed worker to start the hanging attempt', async () => {
      const rows = await db.query(`SELECT 1 FROM pipe_attempts WHERE run_id = $1 AND partition = '2026-05-01' AND worker = 'doomed'`, [run.id]);
      return rows.length > 0;
    });
    doomed.child.kill('SIGKILL');
    assert.equal(await doomed.exited, null);
    const killedAt = Date.now();
    const rescuer = engineFor({ db: createPostgresPlatformDatabase(database.url, 4), boss: { kind: 'postgres', connection: database.url, max: 2 } }, 'rescuer');
    engines.push(rescuer);
    await rescuer.start({ concurrency: 2 });
    const done = await waitForRun(client, run.id, 45_000);
    const took = (Date.now() - killedAt) / 1000;
    assert.equal(done.state, 'SUCCEEDED');
    const unit = done.steps.find((s) => s.partition === '2026-05-01');
    assert.equal(unit?.attempts, 2, 'the killed attempt counts');
    assert.ok(unit?.logs.includes('attempt 1 lost its worker (no heartbeat)'), JSON.stringify(unit?.logs));
    const attempts = await db.query(`SELECT attempt, worker, outcome FROM pipe_attempts WHERE run_id = $1 AND partition = '2026-05-01' ORDER BY attempt`, [
      run.id,
    ]);
    assert.deepEqual(attempts, [
      { attempt: 1, worker: 'doomed', outcome: null },
      { attempt: 2, worker: 'rescuer', outcome: 'ok' },
    ]);
    const effects = await db.query('SELECT partition, count(*)::int AS n FROM pipe_effects WHERE run_id = $1 GROUP BY partition ORDER BY partition', [run.id]);
    assert.deepEqual(effects, [
      { partition: '2026-05-01', n: 1 },
      { partition: '2026-05-02', n: 1 },
    ]);
    // Heartbeat expiry (10 s) + a supervision pass (2 s) + the retry's backoff (1–2 s), with slack for a loaded machine.
    assert.ok(took < TEST_TIMING.expireSeconds + 15, `picked up after ${took} s`);
    // A graceful stop past its timeout releases the running unit back to the queue, for the next worker.
    await setFault(db, { step: 'load', partition: '2026-05-03', hangAttempt: 1 });
    const released = asRun(await client.run({ pipeline: 'test.daily', partitions: ['2026-05-03'], trigger: { kind: 'cli' } }));
    await waitFor('the rescuer to start the hanging attempt', async () => (await client.getRun(released.id))?.steps[0].state === 'RUNNING');
    await rescuer.stop();
    const unit2 = (await client.getRun(released.id))?.steps[0];
    assert.deepEqual([unit2?.state, unit2?.attempts], ['QUEUED', 1]);
    assert.match(unit2?.error ?? '', /released by a stopping worker/);
    const next = spawnPipelineWorker(database.url, 'next', 1);
    workers.push(next);
    const finished = await waitForRun(client, released.id, 30_000);
    assert.deepEqual([finished.state, finished.steps[0].attempts], ['SUCCEEDED', 2]);
    next.child.kill('SIGTERM');
    assert.equal(await next.exited, 0, 'a worker stops gracefully on SIGTERM');
  });

  it('spreads a 30-day backfill over two worker processes, never more than `concurrency` units at once, each partition once', async () => {
    await setFault(db, { step: 'load', partition: '*', sleepMs: 150 });
    // Two units each, three at once: neither worker alone can take every slot of the gate.
    workers.push(spawnPipelineWorker(database.url, 'w1', 2), spawnPipelineWorker(database.url, 'w2', 2));
    await Promise.all(workers.slice(-2).map((worker) => worker.ready));
    const request = { pipeline: 'test.daily', from: '2026-06-01', to: '2026-06-30', concurrency: 3, trigger: { kind: 'backfill' as const, by: 'ops' } };
    const plan = (await client.backfill({ ...request, dryRun: true })) as RunPlan;
    assert.equal(plan.units.length, 30);
    const run = asRun(await client.backfill(request));
    assert.equal(run.concurrency, 3);
    const done = await waitForRun(client, run.id, 60_000);
    assert.equal(done.state, 'SUCCEEDED');
    assert.equal(done.steps.length, 30);
    assert.ok(done.steps.every((s) => s.state === 'SUCCEEDED' && s.attempts === 1));
    const effects = await db.query('SELECT partition, count(*)::int AS n FROM pipe_effects WHERE run_id = $1 GROUP BY partition', [run.id]);
    assert.equal(effects.length, 30);
    assert.ok(
      effects.every((e) => e.n === 1),
      'every partition once',
    );
    const attempts = await db.query(
      `SELECT worker, extract(epoch FROM started_at)::float8 AS s, extract(epoch FROM finished_at)::float8 AS f FROM pipe_attempts WHERE run_id = $1`,
      [run.id],
    );
    assert.deepEqual([...new Set(attempts.map((a) => a.worker))].sort(), ['w1', 'w2'], 'both workers did units');
    const events = attempts.flatMap((a) => [
      [a.s as number, 1],
      [a.f as number, -1],
    ]);
    events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    let running = 0;
    let most = 0;
    for (const [, delta] of events) {
      running += delta;
      most = Math.max(most, running);
    }
    assert.ok(most <= 3, `at most 3 at once, saw ${most}`);
    assert.ok(most >= 2, `the backfill ran units in parallel (saw ${most})`);
    // Only failed or missing: nothing in the range, the two new days past it.
    const again = (await client.backfill({ ...request, to: '2026-07-02', onlyFailedOrMissing: true, dryRun: true })) as RunPlan;
    assert.deepEqual(again.units, [
      { step: 'load', partition: '2026-07-01' },
      { step: 'load', partition: '2026-07-02' },
    ]);
  });
});
