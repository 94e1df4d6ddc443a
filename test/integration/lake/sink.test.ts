/**
 * The lake sink against real Kafka, versitygw and PostgreSQL: 100,000 events
 * land exactly once; a sink process killed between an upload and its commit,
 * then restarted, leaves no duplicate and no gap. Prints throughput.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { governedAs } from '../../support/governed.ts';
import { requireEnv } from '../../support/required-env.ts';
import { spawnSinkProcess } from '../../support/sink-process.ts';
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
import { createIngestor } from '../../../src/lake/ingest/index.ts';
import { createPolicySet, subjectCatalog } from '../../../src/policy/index.ts';
import { freshEngagement, produceRecords, readLake, viewedRecord, waitFor } from '../../unit/lake/sink-support.ts';

let broker: EventBroker;
let store: ObjectStore;
let db: PlatformDatabase;
const s3Env = () => ({
  endpoint: requireEnv('MESHGATE_TEST_S3_ENDPOINT'),
  bucket: requireEnv('MESHGATE_TEST_S3_BUCKET'),
  region: process.env.MESHGATE_TEST_S3_REGION ?? 'us-east-1',
  accessKeyId: requireEnv('MESHGATE_TEST_S3_ACCESS_KEY'),
  secretAccessKey: requireEnv('MESHGATE_TEST_S3_SECRET_KEY'),
});

before(async () => {
  broker = createKafkaBroker({ brokers: requireEnv('MESHGATE_TEST_KAFKA_BROKERS').split(','), clientId: 'meshgate-sink-test' });
  store = createS3ObjectStore(s3Env());
  await store.ensureBucket();
  db = createPostgresPlatformDatabase(requireEnv('MESHGATE_TEST_DATABASE_URL'));
});

after(async () => {
  await broker?.close();
  await store?.close();
  await db?.close();
});

async function lagIsZero(groupId: string, topic: string): Promise<boolean> {
  const lags = await broker.groupLag(groupId, topic);
  return lags.length > 0 && lags.every((lag) => lag.committed === lag.high);
}

function assertExactlyOnce(rows: Array<{ eventId: string }>, expected: string[]): void {
  const ids = rows.map((r) => r.eventId);
  assert.equal(ids.length, expected.length, 'as many rows as events: no duplicate');
  assert.equal(new Set(ids).size, ids.length, 'no duplicate id');
  const landed = new Set(ids);
  assert.ok(
    expected.every((id) => landed.has(id)),
    'no gap',
  );
}

describe('lake sink on Kafka + versitygw + PostgreSQL', () => {
  test('100,000 events land exactly once (count and ids)', { timeout: 600_000 }, async () => {
    const { runtimes, viewed } = freshEngagement();
    const records = Array.from({ length: 100_000 }, (_, i) => viewedRecord(i, Date.parse('2025-03-01T00:00:00Z'), 3_000));
    await produceRecords(broker, viewed, records, 5_000);
    const started = performance.now();
    const sink = await startSink({ datasets: runtimes, broker, store, db, logger: createLogger({ level: 'warn' }), roll: { maxAgeMs: 1_000 } });
    try {
      await waitFor(() => lagIsZero(sink.groupId, viewed.topic), 300_000, 200);
    } finally {
      await sink.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`sink throughput: ${Math.round(100_000 / seconds)} events/s (100,000 events in ${seconds.toFixed(1)} s, ${sink.stats().files} files)`);
    const lake = await readLake(store, viewed);
    assertExactlyOnce(
      lake.rows,
      records.map((r) => String(r.eventId)),
    );
  });

  test('100,000 events ingested through the ingestor (validated, authorised, idempotent) land in the lake exactly once', { timeout: 600_000 }, async () => {
    const { product, runtimes, viewed } = freshEngagement();
    const logger = createLogger({ level: 'warn' });
    const ingestor = createIngestor({ datasets: runtimes, broker, db, logger, limits: { maxEvents: 1_000 } });
    const admin = createPolicySet([{ role: 'admin', rules: [{ action: 'manage', subject: 'all' }] }], subjectCatalog([product]));
    const ctx = () => governedAs(admin.forActor({ sub: 'loader', roles: ['admin'], claims: {} }));
    const records = Array.from({ length: 100_000 }, (_, i) => viewedRecord(i, Date.parse('2025-04-01T00:00:00Z'), 3_000));
    const batches = Array.from({ length: records.length / 1_000 }, (_, b) => records.slice(b * 1_000, (b + 1) * 1_000));
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < batches.length) {
          const batch = batches[next++]!;
          const result = await ingestor.ingest(
            batch.map(({ eventId, ...data }) => ({ dataset: viewed.qualifiedName, eventId: String(eventId), data })),
            ctx(),
          );
          assert.equal(result.rejected.length, 0, JSON.stringify(result.rejected.slice(0, 3)));
        }
      }),
    );
    const sink = await startSink({ datasets: runtimes, broker, store, db, logger, roll: { maxAgeMs: 1_000 } });
    try {
      await waitFor(() => lagIsZero(sink.groupId, viewed.topic), 300_000, 200);
    } finally {
      await sink.stop();
    }
    assertExactlyOnce(
      (await readLake(store, viewed)).rows,
      records.map((r) => String(r.eventId)),
    );
  });

  test('a sink process killed after its 3rd upload, before the commit, then restarted: no duplicate, no gap', { timeout: 300_000 }, async () => {
    const { runtimes, viewed } = freshEngagement();
    const records = Array.from({ length: 6_000 }, (_, i) => viewedRecord(i));
    await produceRecords(broker, viewed, records);
    const groupId = `crash-${viewed.domain}`;
    const first = spawnSinkProcess(runtimes, { groupId, crashAt: 'after-upload:3' });
    assert.equal(await first.exited, 86, 'the first process died at the crash point');
    const pending = await db.query(`SELECT count(*)::int AS n FROM meshgate_lake_files WHERE domain = $1 AND status = 'pending'`, [viewed.domain]);
    assert.ok(Number(pending[0]!.n) >= 1, 'it left a pending flush behind');
    const second = spawnSinkProcess(runtimes, { groupId });
    await waitFor(() => lagIsZero(groupId, viewed.topic), 120_000, 200);
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0);
    const lake = await readLake(store, viewed);
    assertExactlyOnce(
      lake.rows,
      records.map((r) => String(r.eventId)),
    );
  });
});
