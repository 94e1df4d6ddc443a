/**
 * Lake reads against real Kafka, versitygw and PostgreSQL: a policy row
 * condition returns only permitted rows and no denied field; and freshness
 * (event produced → visible in a records query) with maxAgeMs 1000, p50/p95.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEnv } from '../../support/required-env.ts';
import { createLogger } from '../../../src/observability/index.ts';
import {
  createKafkaBroker,
  createPostgresPlatformDatabase,
  createS3ObjectStore,
  type EventBroker,
  type ObjectStore,
  type PlatformDatabase,
} from '../../../src/sources/index.ts';
import { startSink } from '../../../src/lake/sink/index.ts';
import { freshEngagement, produceRecords, viewedRecord, waitFor } from '../../unit/lake/sink-support.ts';
import { assertPolicyRowsAndFields, contextAs, lakeSchema, policiesFor, run } from '../../unit/lake/read-support.ts';

let broker: EventBroker;
let store: ObjectStore;
let db: PlatformDatabase;
let dir: string;

before(async () => {
  broker = createKafkaBroker({ brokers: requireEnv('MESHGATE_TEST_KAFKA_BROKERS').split(','), clientId: 'meshgate-read-test' });
  store = createS3ObjectStore({
    endpoint: requireEnv('MESHGATE_TEST_S3_ENDPOINT'),
    bucket: requireEnv('MESHGATE_TEST_S3_BUCKET'),
    region: process.env.MESHGATE_TEST_S3_REGION ?? 'us-east-1',
    accessKeyId: requireEnv('MESHGATE_TEST_S3_ACCESS_KEY'),
    secretAccessKey: requireEnv('MESHGATE_TEST_S3_SECRET_KEY'),
  });
  await store.ensureBucket();
  db = createPostgresPlatformDatabase(requireEnv('MESHGATE_TEST_DATABASE_URL'));
  dir = await mkdtemp(join(tmpdir(), 'lake-read-it-'));
});

after(async () => {
  await broker?.close();
  await store?.close();
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

describe('lake reads on Kafka + versitygw + PostgreSQL', () => {
  test('a policy row condition returns only permitted rows and no denied field; freshness p50/p95', { timeout: 300_000 }, async () => {
    const { product, runtimes, viewed } = freshEngagement();
    await produceRecords(
      broker,
      viewed,
      Array.from({ length: 400 }, (_, i) => viewedRecord(i)),
    );
    const sink = await startSink({ datasets: runtimes, broker, store, db, logger: createLogger({ level: 'warn' }), roll: { maxAgeMs: 1_000 } });
    try {
      await waitFor(async () => (await broker.groupLag(sink.groupId, viewed.topic)).every((l) => l.committed === l.high), 120_000, 100);
      const schema = lakeSchema(product, store, db, join(dir, 'cache'));
      const policies = policiesFor(product);
      await assertPolicyRowsAndFields(schema, product, policies, 100);

      const latencies: number[] = [];
      const admin = contextAs(policies, 'admin');
      for (let i = 0; i < 20; i++) {
        const record = { ...viewedRecord(10_000 + i), eventId: `fresh-${i}` };
        const sent = performance.now();
        await produceRecords(broker, viewed, [record]);
        const query = `{ ${product.name} { lake { viewed { records(where: { eventId: { eq: "fresh-${i}" } }) { nodes { eventId } } } } } }`;
        await waitFor(async () => (await run(schema, query, admin)).data[product.name].lake.viewed.records.nodes.length === 1, 30_000, 50);
        latencies.push(performance.now() - sent);
      }
      latencies.sort((a, b) => a - b);
      console.log(
        `lake freshness (maxAgeMs 1000, Kafka + versitygw): p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms`,
      );
      assert.ok(percentile(latencies, 95) < 10_000);
    } finally {
      await sink.stop();
    }
  });
});
