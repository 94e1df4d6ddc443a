/**
 * Shared pieces of the sink and read tests: engagement datasets under a fresh
 * domain, events on the wire as ingestion writes them, and reading every
 * Parquet object of a dataset back with DuckDB.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import engagement from '../../../domains/engagement/product.ts';
import { datasetRuntimes, encodeEventMessage, type DatasetRuntime, type EventRecord } from '../../../src/lake/datasets/index.ts';
import { defineDataProduct, type DataProduct } from '../../../src/sdk/index.ts';
import { eventDatasetsOf } from './event-datasets.ts';
import { startSink } from '../../../src/lake/sink/index.ts';
import { createLogger } from '../../../src/observability/index.ts';
import type { EventBroker, ObjectStore, PlatformDatabase } from '../../../src/sources/index.ts';

export function freshEngagement(): { product: DataProduct; runtimes: DatasetRuntime[]; viewed: DatasetRuntime } {
  const name = `sk${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const product = defineDataProduct({ ...eventDatasetsOf(engagement), name });
  const runtimes = datasetRuntimes([product]);
  return { product, runtimes, viewed: runtimes.find((r) => r.name === 'viewed')! };
}

export const COUNTRIES = ['DE', 'FR', 'US', 'NL'] as const;

/** A viewed event; `i` decides its id, user, country and time (one minute apart from a base day). */
export function viewedRecord(i: number, base = Date.parse('2025-03-01T00:00:00Z'), stepMs = 60_000): EventRecord {
  return {
    eventId: `e${String(i).padStart(7, '0')}`,
    userId: `u${i % 50}`,
    itemId: `i${i % 17}`,
    occurredAt: new Date(base + i * stepMs).toISOString(),
    sessionId: `s${i % 9}`,
    device: ['web', 'ios', 'android', 'tv'][i % 4]!,
    country: COUNTRIES[i % COUNTRIES.length]!,
    durationMs: i % 5 === 0 ? null : i * 10,
    ip: `10.0.${i % 256}.${i % 200}`,
  };
}

export async function produceRecords(broker: EventBroker, runtime: DatasetRuntime, records: EventRecord[], chunk = 2_000): Promise<void> {
  await broker.ensureTopic(runtime.topic, 3);
  for (let start = 0; start < records.length; start += chunk) {
    const messages = records.slice(start, start + chunk).map((record) =>
      encodeEventMessage({
        eventId: String(record.eventId),
        dataset: runtime.qualifiedName,
        eventTime: String(record[runtime.eventTimeField]),
        key: String(record.userId),
        record,
      }),
    );
    await broker.produce(runtime.topic, messages);
  }
}

/** Every object under the dataset's prefix, read with DuckDB: keys and each row's eventId, _partition and _offset. */
export async function readLake(
  store: ObjectStore,
  runtime: DatasetRuntime,
): Promise<{ keys: string[]; rows: Array<{ eventId: string; partition: number; offset: bigint }> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lake-read-'));
  const keys: string[] = [];
  const paths: string[] = [];
  try {
    for await (const object of store.list(`${runtime.domain}/${runtime.name}/`)) {
      keys.push(object.key);
      const path = join(dir, `${paths.length}.parquet`);
      await writeFile(path, (await store.get(object.key))!);
      paths.push(path);
    }
    if (paths.length === 0) return { keys, rows: [] };
    const duck = await DuckDBInstance.create(':memory:');
    const connection = await duck.connect();
    const list = paths.map((p) => `'${p}'`).join(', ');
    const reader = await connection.runAndReadAll(`SELECT "eventId", _partition, _offset FROM read_parquet([${list}])`);
    const rows = reader.getRows().map(([eventId, partition, offset]) => ({ eventId: String(eventId), partition: Number(partition), offset: offset as bigint }));
    connection.closeSync();
    duck.closeSync();
    return { keys, rows };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 30_000, stepMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/** Runs a sink over `runtimes` until its group has committed everything on `topic`, then stops it: the lake then holds every produced event. */
export async function sinkUntilCaughtUp(
  parts: { broker: EventBroker; store: ObjectStore; db: PlatformDatabase },
  runtimes: DatasetRuntime[],
  topic: string,
  roll: { maxRows: number; maxAgeMs: number },
  timeoutMs = 30_000,
): Promise<void> {
  const sink = await startSink({ datasets: runtimes, ...parts, logger: createLogger({ level: 'silent' }), roll });
  await waitFor(async () => (await parts.broker.groupLag(sink.groupId, topic)).every((l) => l.committed === l.high), timeoutMs);
  await sink.stop();
}
