/**
 * The aggregation comparison: one group-by (count, distinct users, sum and
 * average price) over the events' Parquet files, written to ZSTD Parquet by
 * meshgate (a plan built with the SDK, `writePlanToParquet`), by the same
 * SQL typed by hand in a fresh DuckDB, and by pandas; then each output is
 * read back and checksummed, so the three must agree.
 */
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { writePlanToParquet } from '../../../src/pipelines/index.ts';
import { avg, count, countDistinct, sum } from '../../../src/sdk/index.ts';
import { eventsInput } from './events.ts';
import { timeMs } from './stats.ts';

export type Shape = 'itemId' | 'country';

/** The SDK plan of one shape: what a pipeline step's `transform` returns. */
export function aggregationPlan(key: Shape) {
  return eventsInput()
    .groupBy(key)
    .aggregate({ events: count(), users: countDistinct('userId'), revenue: sum('price'), avgPrice: avg('price') });
}

const fileList = (paths: string[]): string => paths.map((p) => `'${p.replaceAll("'", "''")}'`).join(', ');

/** The hand-typed DuckDB SQL of one shape, written to `target`. */
export function rawSql(key: Shape, paths: string[], target: string): string {
  return `COPY (SELECT "${key}", count(*) AS "events", count(DISTINCT "userId") AS "users", sum("price") AS "revenue", avg("price") AS "avgPrice"
    FROM read_parquet([${fileList(paths)}]) GROUP BY "${key}")
    TO '${target}' (FORMAT PARQUET, COMPRESSION ZSTD, ROW_GROUP_SIZE 100000)`;
}

export async function runMeshgate(key: Shape, paths: string[], target: string): Promise<void> {
  await writePlanToParquet(aggregationPlan(key).node, { events: { kind: 'parquet', paths } }, target);
}

/** A fresh in-memory DuckDB per run, as meshgate opens one per plan. */
export async function runRaw(key: Shape, paths: string[], target: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(rawSql(key, paths, target));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export interface Checksum {
  rows: number;
  events: number;
  users: number;
  revenue: number;
  avgPrice: number;
}

/** Row count and column sums of an output file. */
export async function checksum(file: string): Promise<Checksum> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT count(*) AS "rows", sum("events") AS "events", sum("users") AS "users", sum("revenue") AS "revenue", sum("avgPrice") AS "avgPrice"
       FROM read_parquet('${file}')`,
    );
    const [row] = reader.getRowObjectsJS();
    if (!row) throw new Error(`no checksum row for ${file}`);
    return { rows: Number(row.rows), events: Number(row.events), users: Number(row.users), revenue: Number(row.revenue), avgPrice: Number(row.avgPrice) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Throws unless the checksums agree (counts exactly, floating sums to 1e-9 relative). */
export function assertAgree(label: string, reference: Checksum, other: Checksum, otherName: string): void {
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  const same = reference.rows === other.rows && reference.events === other.events && reference.users === other.users;
  if (!same || !close(reference.revenue, other.revenue) || !close(reference.avgPrice, other.avgPrice)) {
    throw new Error(`${label}: meshgate and ${otherName} disagree: ${JSON.stringify(reference)} vs ${JSON.stringify(other)}`);
  }
}

/** One warm-up each, then `runs` timed runs alternating meshgate and raw DuckDB (so drift on a shared machine hits both alike); ms. */
export async function measureDuck(key: Shape, paths: string[], outDir: string, runs: number): Promise<{ meshgate: number[]; raw: number[] }> {
  const meshgateOut = path.join(outDir, `meshgate-${key}.parquet`);
  const rawOut = path.join(outDir, `raw-${key}.parquet`);
  await runMeshgate(key, paths, meshgateOut);
  await runRaw(key, paths, rawOut);
  const times = { meshgate: [] as number[], raw: [] as number[] };
  for (let run = 0; run < runs; run += 1) {
    times.meshgate.push(await timeMs(() => runMeshgate(key, paths, meshgateOut)));
    times.raw.push(await timeMs(() => runRaw(key, paths, rawOut)));
  }
  return times;
}
