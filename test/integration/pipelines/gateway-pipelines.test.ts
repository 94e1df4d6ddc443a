/**
 * Pipelines through a real gateway, on both profiles: the demo event history
 * lands in the lake, `runPipeline` runs a three-step pipeline that reads
 * another domain's snapshot (identity → engagement), its progress arrives
 * over the live subscription, `pipelineRun` shows every step, the output is
 * readable through the lake plane and re-running replaces it, the steps'
 * reads are the principal's and recorded, and bad requests start nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { seedHistory } from '../../../src/gateway/index.ts';
import { subscribeLive } from '../../support/live-client.ts';
import { startTestGateway, type TestGateway, type TestProfile } from '../../support/test-gateway.ts';

const NOW = new Date('2026-11-04T12:00:00Z');
const PARTITION = '2026-11-03';
const RUN_FIELDS = 'id pipeline state steps { name partition state attempts rowsIn rowsOut error }';

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function finished(gw: TestGateway, id: string) {
  return until(`run ${id}`, async () => {
    const run = (await gw.query(`query ($id: ID!) { pipelineRun(id: $id) { ${RUN_FIELDS} } }`, { id })).body.data?.pipelineRun;
    return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run?.state) ? run : undefined;
  });
}

async function runPipeline(gw: TestGateway, pipeline: string, caller?: { role: string }) {
  return gw.query(
    `mutation ($p: String!, $parts: [String!]) { runPipeline(pipeline: $p, partitions: $parts) { ${RUN_FIELDS} } }`,
    { p: pipeline, parts: [PARTITION] },
    caller,
  );
}

async function lakeRows(gw: TestGateway, domain: string, dataset: string): Promise<number> {
  const res = await gw.query(`query ($d: String!) { dataProduct(name: $d) { datasets { name lake { rows } } } }`, { d: domain });
  return res.body.data.dataProduct.datasets.find((d: { name: string }) => d.name === dataset).lake.rows;
}

for (const profile of ['embedded', 'services'] as TestProfile[]) {
  describe(`pipelines through the gateway (${profile})`, () => {
    let gw: TestGateway;
    before(async () => {
      gw = await startTestGateway({ profile, scale: 0.05, env: { MESHGATE_PIPELINE_TRIGGER_INTERVAL_SECONDS: '0' } });
      const { governance, lake, products } = gw.gateway;
      const outcome = await seedHistory(products, { governance, lake, scale: 0.05, now: NOW });
      const viewed = outcome['engagement.viewed']?.accepted ?? 0;
      assert.ok(viewed > 0);
      await until('the history in the lake', async () => ((await lakeRows(gw, 'engagement', 'viewed')) === viewed ? true : undefined));
    });
    after(async () => gw?.close());

    test('a three-step pipeline across two domains runs from runPipeline, with live progress and every step shown', async () => {
      const snapshot = await runPipeline(gw, 'identity.usersSnapshot');
      assert.equal((await finished(gw, snapshot.body.data.runPipeline.id)).state, 'SUCCEEDED');
      const started = await runPipeline(gw, 'engagement.userFeatures');
      const run = started.body.data.runPipeline;
      assert.equal(run.pipeline, 'engagement.userFeatures');
      const live = await subscribeLive(gw.url, {}, `subscription ($id: ID!) { pipelineRun(id: $id) { state steps { name state } } }`, 100, { id: run.id });
      const done = await finished(gw, run.id);
      // The stream completes once the run finished.
      const answer = await live.answer;
      await live.close();
      assert.equal(answer.errors, undefined);
      assert.ok(answer.events.length >= 1, 'at least the run as it was');
      assert.equal(answer.events.at(-1).data.pipelineRun.state, 'SUCCEEDED', 'the stream ends with the finished run');
      assert.equal(done.state, 'SUCCEEDED');
      assert.deepEqual(done.steps.map((s: { name: string }) => s.name).sort(), ['orderFeatures', 'training', 'viewFeatures']);
      for (const step of done.steps) {
        assert.equal(step.state, 'SUCCEEDED', step.name);
        assert.equal(step.attempts, 1, step.name);
        assert.equal(step.partition, PARTITION);
        assert.ok(step.rowsIn > 0 && step.rowsOut > 0, `${step.name} read and wrote rows`);
      }
      const training = done.steps.find((s: { name: string }) => s.name === 'training');
      assert.equal(await lakeRows(gw, 'engagement', 'userFeatureRows'), training.rowsOut, 'the output is in the lake catalog');
      const catalog = await gw.query('{ dataProduct(name: "engagement") { owner datasets { name topic producedBy fields { name type } } } }');
      const derived = catalog.body.data.dataProduct.datasets.find((d: { name: string }) => d.name === 'userFeatureRows');
      assert.equal(derived.producedBy, 'engagement.userFeatures.training');
      assert.equal(derived.topic, null, 'a derived dataset has no topic');
      assert.ok(derived.fields.length > 0);
    });

    test('re-running a partition replaces its output: no duplicates', async () => {
      const before = await lakeRows(gw, 'engagement', 'userFeatureRows');
      const again = await runPipeline(gw, 'engagement.userFeatures');
      assert.equal((await finished(gw, again.body.data.runPipeline.id)).state, 'SUCCEEDED');
      assert.equal(await lakeRows(gw, 'engagement', 'userFeatureRows'), before);
      const read = await gw.query(
        `{ engagement { lake { userFeatureRows { records(first: 100, from: "${PARTITION}T00:00:00Z", to: "2026-11-04T00:00:00Z") { nodes { userId } } } } } }`,
      );
      assert.equal(read.body.errors, undefined);
      const ids = read.body.data.engagement.lake.userFeatureRows.records.nodes.map((n: { userId: string }) => n.userId);
      assert.equal(new Set(ids).size, ids.length, 'one row per user');
    });

    test("the steps read as the pipeline's principal, and each unit is on the access log", async () => {
      const log = await gw.query(
        `{ auditLog(first: 20, where: { actorSub: "pipeline:engagement.userFeatures" }) { edges { node { operationName status resources { subject action decision } } } } }`,
      );
      assert.equal(log.body.errors, undefined);
      const records = log.body.data.auditLog.edges.map((e: { node: unknown }) => e.node);
      assert.ok(records.length >= 3);
      const reads = records
        .flatMap((r: { resources: { subject: string; action: string }[] }) => r.resources)
        .filter((r: { action: string }) => r.action === 'read');
      assert.ok(reads.some((r: { subject: string }) => r.subject === 'identity.lake.userSnapshots'));
      assert.ok(records.every((r: { status: string }) => r.status === 'ok'));
    });

    test('lineage walks the asset graph across domains, down to the fields', async () => {
      const res = await gw.query(
        '{ lineage(asset: "engagement.lake.userFeatureRows", direction: UPSTREAM) { nodes { asset kind } edges { from to step fields { field from } } } }',
      );
      assert.equal(res.body.errors, undefined);
      const { nodes, edges } = res.body.data.lineage;
      const assets = nodes.map((n: { asset: string }) => n.asset);
      for (const upstream of ['identity.User', 'identity.lake.userSnapshots', 'commerce.lake.orderPlaced', 'engagement.lake.viewed'])
        assert.ok(assets.includes(upstream), upstream);
      const snapshot = edges.find((e: { step: string }) => e.step === 'identity.usersSnapshot.snapshot');
      assert.deepEqual(snapshot.fields.find((f: { field: string }) => f.field === 'country').from, ['identity.User.country']);
    });

    test('/metrics counts the units run here and reads runs and the queue from the database', async () => {
      const text = await (await fetch(`${gw.url}/metrics`)).text();
      assert.match(text, /meshgate_pipeline_unit_attempts_total\{pipeline="engagement\.userFeatures",step="training",outcome="succeeded"\} [1-9]/);
      assert.match(text, /meshgate_pipeline_unit_duration_seconds_count\{pipeline="identity\.usersSnapshot",step="snapshot"\} [1-9]/);
      assert.match(text, /meshgate_pipeline_runs\{pipeline="engagement\.userFeatures",state="SUCCEEDED"\} [1-9]/);
      assert.match(text, /meshgate_pipeline_units\{state="SUCCEEDED"\} [1-9]/);
      assert.match(text, /meshgate_pipeline_oldest_queued_seconds \d/);
    });

    test('a dry run of a retry says exactly which units would run', async () => {
      const runs = await gw.query(`{ pipelineRuns(where: { pipeline: "engagement.userFeatures" }, first: 1) { nodes { id } } }`);
      const id = runs.body.data.pipelineRuns.nodes[0].id;
      const plan = await gw.query(`query ($id: ID!) { planPipelineRetry(id: $id, steps: ["orderFeatures"], scope: DOWNSTREAM) { units { step partition } } }`, {
        id,
      });
      assert.deepEqual(plan.body.data.planPipelineRetry.units.map((u: { step: string }) => u.step).sort(), ['orderFeatures', 'training']);
    });

    test('bad requests get a code and start nothing: unknown pipeline, bad partition, no execute', async () => {
      const count = async () => (await gw.query('{ pipelineRuns(first: 100) { nodes { id } } }')).body.data.pipelineRuns.nodes.length;
      const runsBefore = await count();
      const unknown = await gw.query('mutation { runPipeline(pipeline: "engagement.nope") { id } }');
      assert.equal(unknown.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
      assert.match(unknown.body.errors?.[0]?.message ?? '', /engagement\.itemStats/);
      const badPartition = await gw.query('mutation { runPipeline(pipeline: "engagement.itemStats", partitions: ["2026-13-01"]) { id } }');
      assert.equal(badPartition.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
      const refused = await runPipeline(gw, 'engagement.itemStats', { role: 'analyst' });
      assert.equal(refused.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
      assert.match(refused.body.errors?.[0]?.message ?? '', /execute on engagement\.pipeline\.itemStats/);
      assert.equal(await count(), runsBefore);
    });

    test('files landing in a recently closed partition start the steps that read it, once', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1100)); // files completed in the last second wait for the next pass
      const landed = await gw.gateway.pipelines.trigger.tick(NOW);
      const keys = landed.map((l) => `${l.dataset} ${l.partition}`);
      assert.ok(keys.includes(`identity.userSnapshots ${PARTITION}`), keys.join(', '));
      assert.ok(keys.includes(`engagement.viewed ${PARTITION}`), keys.join(', '));
      assert.ok(!keys.some((k) => k.endsWith('2026-11-01')), 'a partition closed before the lookback triggers nothing');
      const runs = await gw.query('{ pipelineRuns(first: 100) { nodes { pipeline trigger partitions } } }');
      const triggered = runs.body.data.pipelineRuns.nodes.filter((r: { trigger: string }) => r.trigger === 'partition');
      assert.ok(triggered.some((r: { pipeline: string; partitions: string[] }) => r.pipeline === 'engagement.userFeatures' && r.partitions[0] === PARTITION));
      const again = await gw.gateway.pipelines.trigger.tick(NOW);
      assert.deepEqual(again, [], `the watermark moved on: nothing fires twice (${JSON.stringify(again)})`);
    });
  });
}
