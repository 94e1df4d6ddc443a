/**
 * The lake through the gateway: events sent over HTTP land in Parquet and
 * are read back with policies inside the scan — app-user sees only its own
 * events and no pii; analyst every event and no pii — on the embedded profile
 * (local log + s3rver, sink in process) and on Kafka + versitygw + PostgreSQL.
 * Kafka's topics outlive a test run, so on it the lake may also hold events
 * earlier runs sent: assertions are about this run's events.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { requireEnv } from '../support/required-env.ts';
import { startTestGateway, tokenFor, type TestGateway, type TestProfile } from '../support/test-gateway.ts';

const EVENTS = 30;
/** This run's events carry their own item id, so reads select them whatever earlier runs left in Kafka. */
const RUN_ITEM = `i-${Date.now().toString(36)}`;
const event = (i: number) => ({
  dataset: 'engagement.viewed',
  eventId: randomUUID(),
  data: {
    userId: `u00000${i % 3}`,
    itemId: RUN_ITEM,
    occurredAt: `2025-06-0${1 + (i % 2)}T10:00:00Z`,
    sessionId: `s${i}`,
    device: 'web',
    country: i % 2 ? 'DE' : 'FR',
    ip: `10.0.0.${i}`,
  },
});
const RECORDS = `{ engagement { lake { viewed { records(first: 100, where: { itemId: { eq: "${RUN_ITEM}" } }) { nodes { eventId userId ip } } partitions { dt files rows objectKeys } } } } }`;

function servicesEnv(profile: TestProfile): Record<string, string> {
  if (profile === 'embedded') return { MESHGATE_SINK: 'in-process' };
  return {
    KAFKA_BROKERS: requireEnv('MESHGATE_TEST_KAFKA_BROKERS'),
    S3_ENDPOINT: requireEnv('MESHGATE_TEST_S3_ENDPOINT'),
    S3_BUCKET: `mg-lake-${Date.now().toString(36)}`,
    S3_ACCESS_KEY_ID: requireEnv('MESHGATE_TEST_S3_ACCESS_KEY'),
    S3_SECRET_ACCESS_KEY: requireEnv('MESHGATE_TEST_S3_SECRET_KEY'),
    S3_REGION: requireEnv('MESHGATE_TEST_S3_REGION'),
    MESHGATE_SINK: 'in-process',
  };
}

for (const profile of ['embedded', 'services'] as TestProfile[]) {
  describe(`lake through the gateway (${profile} profile)`, () => {
    let gateway: TestGateway;
    let sent: ReturnType<typeof event>[];
    before(async () => {
      gateway = await startTestGateway({ profile, env: servicesEnv(profile) });
      sent = Array.from({ length: EVENTS }, (_, i) => event(i));
      const token = await tokenFor({ role: 'admin' });
      const response = await fetch(`${gateway.url}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(sent),
      });
      assert.equal(((await response.json()) as { accepted: unknown[] }).accepted.length, EVENTS);
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const nodes: { eventId: string }[] = (await gateway.query(RECORDS)).body.data?.engagement.lake.viewed.records.nodes ?? [];
        const ids = new Set(nodes.map((n) => n.eventId));
        if (sent.every((e) => ids.has(e.eventId))) break;
        await new Promise((r) => setTimeout(r, 250));
      }
    });
    after(() => gateway?.close());

    it('every event lands exactly once, in day partitions named by offsets', async () => {
      const { records, partitions } = (await gateway.query(RECORDS)).body.data.engagement.lake.viewed;
      const ids: string[] = records.nodes.map((n: { eventId: string }) => n.eventId);
      assert.equal(new Set(ids).size, ids.length, 'no event twice');
      for (const e of sent) assert.ok(ids.includes(e.eventId), `event ${e.eventId} landed`);
      const days = partitions.map((p: { dt: string }) => p.dt);
      assert.ok(days.includes('2025-06-01') && days.includes('2025-06-02'), `day partitions: ${days}`);
      for (const key of partitions.flatMap((p: { objectKeys: string[] }) => p.objectKeys)) {
        assert.match(key, /^engagement\/viewed\/dt=2025-06-0[12]\/\d+-\d+-\d+\.parquet$/);
      }
    });

    it('app-user reads only its own events, and not its IP addresses', async () => {
      const response = await gateway.query(RECORDS, undefined, { role: 'app-user', sub: 'u000001' });
      const nodes = response.body.data.engagement.lake.viewed.records.nodes;
      assert.equal(nodes.length, sent.filter((e) => e.data.userId === 'u000001').length);
      assert.ok(nodes.every((n: { userId: string; ip: string | null }) => n.userId === 'u000001' && n.ip === null));
      assert.ok(response.body.errors?.every((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.at(-1) === 'ip'));
    });

    it('analyst reads every event but no pii; anonymous reads none', async () => {
      const analyst = await gateway.query(RECORDS, undefined, { role: 'analyst', sub: 'a1' });
      assert.equal(analyst.body.data.engagement.lake.viewed.records.nodes.length, EVENTS);
      assert.ok(analyst.body.data.engagement.lake.viewed.records.nodes.every((n: { ip: string | null }) => n.ip === null));
      const anonymous = await gateway.query(RECORDS, undefined, { anonymous: true });
      assert.deepEqual(anonymous.body.data?.engagement.lake.viewed.records.nodes ?? [], []);
    });

    it('downloadUrl presigns an object for a role that may read all of it; the catalog shows the lake', async () => {
      const key = (await gateway.query(RECORDS)).body.data.engagement.lake.viewed.partitions[0].objectKeys[0];
      const url = await gateway.query('query($k: String!) { engagement { lake { viewed { downloadUrl(partition: $k) } } } }', { k: key });
      const href = url.body.data.engagement.lake.viewed.downloadUrl;
      const body = Buffer.from(await (await fetch(href)).arrayBuffer());
      assert.equal(body.subarray(0, 4).toString(), 'PAR1');
      const denied = await gateway.query(
        'query($k: String!) { engagement { lake { viewed { downloadUrl(partition: $k) } } } }',
        { k: key },
        { role: 'analyst', sub: 'a1' },
      );
      assert.equal(denied.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
      const catalog = await gateway.query('{ dataProduct(name: "engagement") { datasets { name lake { rows files } } } }');
      assert.ok(catalog.body.data.dataProduct.datasets.find((d: { name: string }) => d.name === 'viewed').lake.rows >= EVENTS);
    });
  });
}
