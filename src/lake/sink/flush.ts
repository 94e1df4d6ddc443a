/**
 * One flush: the contiguous offsets [first, last] of one partition become
 * Parquet objects, exactly once. Order of effects, each idempotent:
 * (a) claim the files as pending in the catalog, (b) write and upload every
 * object (same names on a rewrite), (c) mark them complete, (d) commit
 * last + 1. A crash before (d) leaves a pending or complete flush that the
 * next owner of the partition finds at its committed offset (see recovery).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { CommitOffset, ObjectStore, PlatformDatabase } from '../../sources/index.ts';
import type { LakeFileClaim, LakeFileStats } from '../catalog/index.ts';
import { claimFlush, completeFiles } from '../catalog/index.ts';
import type { DatasetRuntime } from '../datasets/index.ts';
import { objectKeyOf, timePartitionOf, type TimePartition } from './naming.ts';
import { eventTimeOf, writeParquet, type SinkRow } from './parquet-writer.ts';

export type CrashPoint = 'after-upload' | 'after-complete';

export interface FlushContext {
  runtime: DatasetRuntime;
  store: ObjectStore;
  db: PlatformDatabase;
  duck: DuckDBInstance;
  tempRoot: string;
  crashHook?: (point: CrashPoint) => void;
}

export interface FlushRange {
  topic: string;
  partition: number;
  first: string;
  last: string;
  /** Decoded events of the range; undecodable messages are absent but still covered by the range. */
  rows: SinkRow[];
}

export interface FlushResult {
  files: number;
  rows: number;
  bytes: number;
}

interface PlannedFile {
  claim: LakeFileClaim;
  rows: SinkRow[];
}

export async function flushRange(ctx: FlushContext, range: FlushRange, commit: CommitOffset): Promise<FlushResult> {
  const planned = planFiles(ctx.runtime, range);
  if (planned.length > 0) {
    await claimFlush(ctx.db, {
      topic: range.topic,
      partition: range.partition,
      flushFirst: range.first,
      flushLast: range.last,
      files: planned.map((p) => p.claim),
    });
  }
  const stats: LakeFileStats[] = [];
  for (const file of planned) {
    stats.push(await uploadFile(ctx, file));
    ctx.crashHook?.('after-upload');
  }
  if (stats.length > 0) await completeFiles(ctx.db, stats);
  ctx.crashHook?.('after-complete');
  await commit((BigInt(range.last) + 1n).toString());
  return { files: stats.length, rows: range.rows.length, bytes: stats.reduce((sum, s) => sum + s.bytes, 0) };
}

/** Splits the range's events by event-time partition; each file is named by the first and last offset of its own events. */
export function planFiles(runtime: DatasetRuntime, range: FlushRange): Array<{ claim: LakeFileClaim; rows: SinkRow[] }> {
  const groups = new Map<string, { partition: TimePartition; rows: SinkRow[] }>();
  for (const row of range.rows) {
    const partition = timePartitionOf(runtime, eventTimeOf(row.record[runtime.eventTimeField]) ?? new Date(0));
    const id = `${partition.dt}/${partition.hour}`;
    let group = groups.get(id);
    if (!group) {
      group = { partition, rows: [] };
      groups.set(id, group);
    }
    group.rows.push(row);
  }
  return [...groups.values()].map(({ partition, rows }) => {
    const firstOffset = rows[0]!.offset;
    const lastOffset = rows[rows.length - 1]!.offset;
    return {
      rows,
      claim: {
        objectKey: objectKeyOf(runtime, partition, range.partition, firstOffset, lastOffset),
        domain: runtime.domain,
        dataset: runtime.name,
        dt: partition.dt,
        hour: partition.hour,
        firstOffset,
        lastOffset,
      },
    };
  });
}

async function uploadFile(ctx: FlushContext, file: PlannedFile): Promise<LakeFileStats> {
  const dir = await mkdtemp(join(ctx.tempRoot, 'flush-'));
  const path = join(dir, 'data.parquet');
  const connection = await ctx.duck.connect();
  try {
    await writeParquet(connection, ctx.runtime, file.rows, path);
    const body = await readFile(path);
    await ctx.store.put(file.claim.objectKey, body, { contentType: 'application/vnd.apache.parquet' });
    return { objectKey: file.claim.objectKey, rows: file.rows.length, bytes: body.length, ...timeBounds(ctx.runtime, file.rows) };
  } finally {
    connection.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}

function timeBounds(runtime: DatasetRuntime, rows: SinkRow[]): { minTime: Date | null; maxTime: Date | null } {
  let min: number | null = null;
  let max: number | null = null;
  for (const row of rows) {
    const time = eventTimeOf(row.record[runtime.eventTimeField])?.getTime();
    if (time === undefined) continue;
    if (min === null || time < min) min = time;
    if (max === null || time > max) max = time;
  }
  return { minTime: min === null ? null : new Date(min), maxTime: max === null ? null : new Date(max) };
}
