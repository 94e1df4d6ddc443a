import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/observability/index.ts';
import type { EventBroker, ObjectStore, PlatformDatabase } from '../../../src/sources/index.ts';
import { openEmbeddedLake, type EmbeddedLake } from './embedded-lake.ts';
import { listCompleteFiles, listPartitions, partitionsSummary } from '../../../src/lake/catalog/index.ts';
import { startSink, type Sink, type SinkOptions } from '../../../src/lake/sink/index.ts';
import { freshEngagement, produceRecords, readLake, viewedRecord, waitFor } from './sink-support.ts';

const logger = createLogger({ level: 'silent' });
let embedded: EmbeddedLake;
let broker: EventBroker;
let store: ObjectStore;
let db: PlatformDatabase;

before(async () => {
  embedded = await openEmbeddedLake('sink-test');
  ({ broker, store, db } = embedded);
});

after(() => embedded.close());

async function lagIsZero(topic: string, groupId: string): Promise<boolean> {
  const lags = await broker.groupLag(groupId, topic);
  return lags.every((lag) => lag.committed === lag.high);
}

function sinkOptions(runtimes: SinkOptions['datasets'], extra: Partial<SinkOptions> = {}): SinkOptions {
  return { datasets: runtimes, broker, store, db, logger, roll: { maxRows: 100, maxAgeMs: 200 }, groupId: `g-${Math.random()}`, ...extra };
}

describe('lake sink on the local broker, s3rver and PGlite', () => {
  test('lands every event exactly once, files named by partition, day and offsets, rolled by rows', async () => {
    const { runtimes, viewed } = freshEngagement();
    const records = Array.from({ length: 1_000 }, (_, i) => viewedRecord(i, Date.parse('2025-03-01T20:00:00Z')));
    await produceRecords(broker, viewed, records);
    const sink = await startSink(sinkOptions(runtimes));
    try {
      await waitFor(() => lagIsZero(viewed.topic, sink.groupId));
    } finally {
      await sink.stop();
    }
    const lake = await readLake(store, viewed);
    assert.equal(lake.rows.length, 1_000);
    assert.deepEqual(new Set(lake.rows.map((r) => r.eventId)), new Set(records.map((r) => r.eventId)));
    for (const key of lake.keys) {
      assert.match(key, new RegExp(`^${viewed.domain}/viewed/dt=2025-03-0[12]/[0-2]-\\d+-\\d+\\.parquet$`));
    }
    // 1,000 events one minute apart from 20:00 cross midnight: both days hold files; no file mixes days.
    const partitions = await listPartitions(db, viewed.domain, 'viewed');
    assert.deepEqual(
      partitions.map((p) => p.dt),
      ['2025-03-01', '2025-03-02'],
    );
    assert.equal(
      partitions.reduce((sum, p) => sum + p.rows, 0),
      1_000,
    );
    const files = await listCompleteFiles(db, viewed.domain, 'viewed');
    assert.ok(files.every((f) => f.minTime!.toISOString().slice(0, 10) === f.dt && f.maxTime!.toISOString().slice(0, 10) === f.dt));
    assert.ok(
      files.every((f) => f.rows <= 100),
      'rolled at maxRows',
    );
    for (const file of files) {
      const fromKey = file.objectKey.match(/\/(\d+)-(\d+)-(\d+)\.parquet$/)!;
      assert.deepEqual([Number(fromKey[1]), fromKey[2], fromKey[3]], [file.partition, file.firstOffset, file.lastOffset]);
    }
    const summary = await partitionsSummary(db, viewed.domain, 'viewed');
    assert.deepEqual([summary.partitions, summary.files, summary.rows], [2, files.length, 1_000]);
  });

  test('rolls by age: a few events become queryable without reaching maxRows', async () => {
    const { runtimes, viewed } = freshEngagement();
    const sink = await startSink(sinkOptions(runtimes, { roll: { maxRows: 50_000, maxAgeMs: 300 } }));
    try {
      await produceRecords(broker, viewed, [viewedRecord(1), viewedRecord(2), viewedRecord(3)]);
      await waitFor(async () => (await partitionsSummary(db, viewed.domain, 'viewed')).rows === 3, 10_000);
    } finally {
      await sink.stop();
    }
    assert.equal(sink.stats().rows, 3);
  });

  test('a crash after an upload, before the commit, is rebuilt into the same objects: no duplicate, no gap', async () => {
    const { runtimes, viewed } = freshEngagement();
    const records = Array.from({ length: 600 }, (_, i) => viewedRecord(i));
    await produceRecords(broker, viewed, records);
    const groupId = `crash-${Math.random()}`;
    let uploads = 0;
    const crashed = new Error('simulated crash');
    let first: Sink | undefined;
    let failed = false;
    first = await startSink(
      sinkOptions(runtimes, {
        groupId,
        // Once crashed, the process is gone: every later step fails too, so nothing after the crash point completes.
        crashHook: (point) => {
          if (failed) throw crashed;
          if (point === 'after-upload' && ++uploads === 3) {
            failed = true;
            throw crashed;
          }
        },
      }),
    );
    await waitFor(() => failed);
    await first.stop();
    const pendingBefore = await db.query(`SELECT count(*)::int AS n FROM meshgate_lake_files WHERE domain = $1 AND status = 'pending'`, [viewed.domain]);
    assert.ok(Number(pendingBefore[0]!.n) >= 1, 'the crashed flush is left pending');
    const second = await startSink(sinkOptions(runtimes, { groupId }));
    try {
      await waitFor(() => lagIsZero(viewed.topic, groupId));
    } finally {
      await second.stop();
    }
    const lake = await readLake(store, viewed);
    const ids = lake.rows.map((r) => r.eventId);
    assert.equal(ids.length, 600, 'no duplicate');
    assert.deepEqual(new Set(ids), new Set(records.map((r) => r.eventId)), 'no gap');
    const pendingAfter = await db.query(`SELECT count(*)::int AS n FROM meshgate_lake_files WHERE domain = $1 AND status = 'pending'`, [viewed.domain]);
    assert.equal(Number(pendingAfter[0]!.n), 0);
  });

  test('hour partitioning names hour folders', async () => {
    const { runtimes, viewed } = freshEngagement();
    const hourly = { ...viewed, partitioning: 'hour' as const };
    await produceRecords(
      broker,
      hourly,
      Array.from({ length: 10 }, (_, i) => viewedRecord(i, Date.parse('2025-03-01T10:55:00Z'))),
    );
    const sink = await startSink(sinkOptions([hourly, ...runtimes.filter((r) => r !== viewed)]));
    try {
      await waitFor(() => lagIsZero(viewed.topic, sink.groupId));
    } finally {
      await sink.stop();
    }
    const lake = await readLake(store, viewed);
    assert.equal(lake.rows.length, 10);
    assert.ok(lake.keys.some((k) => k.includes('/dt=2025-03-01/hour=10/')));
    assert.ok(lake.keys.some((k) => k.includes('/dt=2025-03-01/hour=11/')));
  });
});
