/**
 * The bench's events: N deterministic rows (itemId with 100,000 distinct
 * values, userId 1,000,000, country 50, price, occurredAt) written by DuckDB
 * into a few ZSTD Parquet files, cached under
 * ~/.cache/meshgate/bench-pipelines/<N>/ so a rerun skips the generation.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Relation, type RelationSchema } from '../../../src/sdk/index.ts';

export const CACHE_DIR = path.join(homedir(), '.cache', 'meshgate');
const COUNTRIES =
  'AT BE BG CA CH CN CY CZ DE DK EE ES FI FR GB GR HR HU IE IN IS IT JP KR LT LU LV MT MX NL NO NZ PL PT RO RS SE SG SI SK TR UA US ZA AR AU BR CL CO PE'.split(
    ' ',
  );

/** The events' schema as a pipeline step sees its input. */
export const EVENT_SCHEMA: RelationSchema = {
  itemId: { type: 'ID', nullable: false, list: false, classification: [] },
  userId: { type: 'ID', nullable: false, list: false, classification: [] },
  country: { type: 'String', nullable: false, list: false, classification: [] },
  price: { type: 'Float', nullable: false, list: false, classification: [] },
  occurredAt: { type: 'DateTime', nullable: false, list: false, classification: [] },
};

export const eventsInput = (): Relation => Relation.input('events', EVENT_SCHEMA);

/** Row `i`'s columns in DuckDB SQL: multiplicative hashes of i, so every run writes the same rows. */
const ROW_SQL = `
  'item-' || lpad(CAST((i * 2654435761) % 100000 AS VARCHAR), 5, '0') AS "itemId",
  'user-' || CAST((i * 40503 + 7) % 1000000 AS VARCHAR) AS "userId",
  ${JSON.stringify(COUNTRIES).replaceAll('"', "'")}[CAST((i * 97) % 50 AS INTEGER) + 1] AS "country",
  CAST(((i * 7919) % 100000) AS DOUBLE) / 100 AS "price",
  TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(CAST((i * 31) % 31536000 AS BIGINT)) AS "occurredAt"`;

export interface EventFiles {
  dir: string;
  paths: string[];
  /** False when the files came from the cache. */
  generated: boolean;
}

/** The Parquet files of `count` events (at most 2.5M rows a file), generated unless cached. */
export async function eventFiles(count: number): Promise<EventFiles> {
  const dir = path.join(CACHE_DIR, 'bench-pipelines', String(count));
  const done = path.join(dir, 'done.json');
  const files = Math.max(1, Math.ceil(count / 2_500_000));
  const paths = Array.from({ length: files }, (_, k) => path.join(dir, `events-${k}.parquet`));
  if (existsSync(done)) return { dir, paths, generated: false };
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const [k, file] of paths.entries()) {
      const from = Math.floor((k * count) / files);
      const to = Math.floor(((k + 1) * count) / files);
      await connection.run(
        `COPY (SELECT ${ROW_SQL} FROM range(${from}, ${to}) AS "r"("i")) TO '${file}' (FORMAT PARQUET, COMPRESSION ZSTD, ROW_GROUP_SIZE 122880)`,
      );
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  await writeFile(done, `${JSON.stringify({ count, files: await readdir(dir) })}\n`);
  return { dir, paths, generated: true };
}
