/**
 * The lake sink: one consumer-group member that turns every dataset topic
 * into Parquet objects in the lake, exactly once (see flush.ts and
 * partition-worker.ts). Run as many as the partitions allow: the broker's
 * group shares partitions among them; the catalog fences overlapping writes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Registry } from 'prom-client';
import type { Logger } from '../../observability/index.ts';
import type { Consumer, ConsumerBatch, CommitOffset, EventBroker, ObjectStore, PlatformDatabase } from '../../sources/index.ts';
import { ensureLakeCatalog } from '../catalog/index.ts';
import { streamedDatasets, type DatasetRuntime } from '../datasets/index.ts';
import type { CrashPoint } from './flush.ts';
import { createSinkMetrics, type SinkMetrics } from './metrics.ts';
import { createPartitionWorker, type PartitionWorker, type RollLimits } from './partition-worker.ts';

export interface SinkOptions {
  datasets: readonly DatasetRuntime[];
  broker: EventBroker;
  store: ObjectStore;
  db: PlatformDatabase;
  groupId?: string;
  roll?: Partial<RollLimits>;
  logger: Logger;
  /** Registry the sink's metrics join (the gateway's lake registry); a private one by default. */
  metrics?: Registry;
  /** Test hook: called after each object upload and after each catalog completion, before the commit. */
  crashHook?: (point: CrashPoint) => void;
  /** Partitions a topic gets when the sink has to create it (default 3). */
  partitions?: number;
  /** Largest batch the broker hands over (default 5,000). */
  maxBatchMessages?: number;
}

export interface SinkStats {
  files: number;
  rows: number;
  bytes: number;
  flushes: number;
  undecodable: number;
  fenced: number;
}

export interface Sink {
  readonly groupId: string;
  readonly metrics: SinkMetrics;
  stats(): SinkStats;
  /** Waits for the batch in flight, leaves the group; buffered, unflushed messages stay uncommitted and are read again later. */
  stop(): Promise<void>;
}

export const DEFAULT_SINK_GROUP = 'meshgate-lake-sink';
export const DEFAULT_ROLL: RollLimits = { maxRows: 50_000, maxBytes: 64 * 1024 * 1024, maxAgeMs: 5_000 };

export async function startSink(options: SinkOptions): Promise<Sink> {
  const groupId = options.groupId ?? DEFAULT_SINK_GROUP;
  const limits: RollLimits = { ...DEFAULT_ROLL, ...options.roll };
  const byTopic = new Map(streamedDatasets(options.datasets).map((runtime) => [runtime.topic, runtime]));
  await ensureLakeCatalog(options.db);
  for (const topic of byTopic.keys()) await options.broker.ensureTopic(topic, options.partitions ?? 3);
  const metrics = createSinkMetrics(options.metrics ?? new Registry(), options.broker, groupId, [...byTopic.keys()]);
  const duck = await DuckDBInstance.create(':memory:');
  const tempRoot = await mkdtemp(join(tmpdir(), 'meshgate-sink-'));
  const totals: SinkStats = { files: 0, rows: 0, bytes: 0, flushes: 0, undecodable: 0, fenced: 0 };
  const workers = new Map<string, PartitionWorker>();
  const workerFor = (batch: ConsumerBatch): PartitionWorker => {
    const id = `${batch.topic}\u0000${batch.partition}`;
    let worker = workers.get(id);
    if (worker) return worker;
    const runtime = byTopic.get(batch.topic)!;
    const dataset = runtime.qualifiedName;
    const context = { runtime, store: options.store, db: options.db, duck, tempRoot, ...(options.crashHook ? { crashHook: options.crashHook } : {}) };
    worker = createPartitionWorker(context, batch.topic, batch.partition, limits, {
      onFlushed(result) {
        Object.assign(totals, {
          files: totals.files + result.files,
          rows: totals.rows + result.rows,
          bytes: totals.bytes + result.bytes,
          flushes: totals.flushes + 1,
        });
        metrics.files.inc({ dataset }, result.files);
        metrics.rows.inc({ dataset }, result.rows);
      },
      onUndecodable(message, error) {
        totals.undecodable++;
        metrics.undecodable.inc({ dataset });
        options.logger.warn(
          { topic: message.topic, partition: message.partition, offset: message.offset, err: error.message },
          'lake sink skipped an undecodable message',
        );
      },
      onFenced(error) {
        totals.fenced++;
        options.logger.warn({ err: error.message }, 'lake sink lost a partition to another member; its buffer is dropped');
      },
    });
    workers.set(id, worker);
    return worker;
  };
  const consumer: Consumer = await options.broker.consume({
    groupId,
    topics: [...byTopic.keys()],
    maxBatchMessages: options.maxBatchMessages ?? 5_000,
    onBatch: (batch: ConsumerBatch, commit: CommitOffset) => workerFor(batch).handleBatch(batch, commit),
  });
  const timer = setInterval(
    () => {
      const now = Date.now();
      for (const worker of workers.values()) {
        worker.rollIfDue(now).catch((error: Error) => options.logger.warn({ err: error.message }, 'lake sink roll failed; retrying'));
      }
    },
    Math.max(50, Math.min(1_000, Math.floor(limits.maxAgeMs / 4))),
  );
  let stopped: Promise<void> | null = null;
  return {
    groupId,
    metrics,
    stats: () => ({ ...totals }),
    stop() {
      stopped ??= (async () => {
        clearInterval(timer);
        await consumer.stop();
        await Promise.all([...workers.values()].map((worker) => worker.idle()));
        duck.closeSync();
        await rm(tempRoot, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
