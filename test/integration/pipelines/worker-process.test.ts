/**
 * `meshgate worker` as an operator runs it (services profile): a gateway that
 * only queues (`MESHGATE_PIPELINE_WORKER=off`), and a worker process on the
 * same PostgreSQL, Kafka and S3 that works the unit, writes the output to the
 * lake and stops cleanly on SIGTERM.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { requireEnv } from '../../support/required-env.ts';
import { repoRoot, startTestGateway, TEST_JWT_SECRET, type TestGateway } from '../../support/test-gateway.ts';

const lakeEnv = () => ({
  KAFKA_BROKERS: requireEnv('MESHGATE_TEST_KAFKA_BROKERS'),
  S3_ENDPOINT: requireEnv('MESHGATE_TEST_S3_ENDPOINT'),
  S3_BUCKET: `mg-worker-${Date.now().toString(36)}`,
  S3_ACCESS_KEY_ID: requireEnv('MESHGATE_TEST_S3_ACCESS_KEY'),
  S3_SECRET_ACCESS_KEY: requireEnv('MESHGATE_TEST_S3_SECRET_KEY'),
  S3_REGION: requireEnv('MESHGATE_TEST_S3_REGION'),
  MESHGATE_SINK: 'off',
  MESHGATE_PIPELINE_TRIGGER_INTERVAL_SECONDS: '0',
});

let gw: TestGateway;
let worker: ChildProcess | undefined;
let env: Record<string, string>;
before(async () => {
  env = lakeEnv();
  gw = await startTestGateway({ profile: 'services', scale: 0.02, env: { ...env, MESHGATE_PIPELINE_WORKER: 'off' } });
});
after(async () => {
  worker?.kill('SIGKILL');
  await gw?.close();
});

const runState = async (id: string) =>
  (await gw.query('query ($id: ID!) { pipelineRun(id: $id) { state steps { state rowsOut } } }', { id })).body.data.pipelineRun;

test('a gateway with MESHGATE_PIPELINE_WORKER=off queues; a meshgate worker process works the unit', async () => {
  const started = await gw.query('mutation { runPipeline(pipeline: "identity.usersSnapshot", partitions: ["2026-11-03"]) { id } }');
  const id = started.body.data.runPipeline.id;
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal((await runState(id)).state, 'QUEUED', 'no worker in the gateway: the unit waits');
  worker = spawn(process.execPath, [path.join(repoRoot, 'src/cli/main.ts'), 'worker', '--concurrency', '2'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env, ...gw.env, AUTH_JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn', MESHGATE_DOMAINS_DIR: path.join(repoRoot, 'domains') },
  });
  const exited = new Promise<number | null>((resolve) => worker?.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  let run = await runState(id);
  while (!['SUCCEEDED', 'FAILED'].includes(run.state) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    run = await runState(id);
  }
  assert.equal(run.state, 'SUCCEEDED', JSON.stringify(run));
  assert.ok(run.steps[0].rowsOut > 0);
  const lake = await gw.query('{ dataProduct(name: "identity") { datasets { name lake { rows files } } } }');
  const snapshots = lake.body.data.dataProduct.datasets.find((d: { name: string }) => d.name === 'userSnapshots');
  assert.equal(snapshots.lake.rows, run.steps[0].rowsOut, 'the output is in the lake the gateway reads');
  worker.kill('SIGTERM');
  assert.equal(await exited, 0, 'SIGTERM stops the worker cleanly');
  worker = undefined;
});
