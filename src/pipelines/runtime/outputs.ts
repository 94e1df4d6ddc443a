/**
 * Publishing a step's output, exactly once whatever the retries:
 * - a derived dataset: the output Parquet is split by its event-time
 *   partitions, each object named by its content's hash (the same output is
 *   the same key; objects stay immutable for the readers' caches), uploaded,
 *   then the catalog swaps the partition's files (a partitioned step) or the
 *   whole dataset's (an unpartitioned one) in one transaction;
 * - an entity: rows upserted by key, each checked against the principal's
 *   `create` and `update` rules first (a refused row writes nothing).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { forbidden, type GovernedContext, touch } from '../../governed/index.ts';
import { type DerivedFile, partitionPath, quoteDuckIdent, replaceDerivedFiles } from '../../lake/index.ts';
import { collectionSpecOf, type SourceResolver } from '../../operational/index.ts';
import type { DatasetDescriptor, EntityDescriptor, Row } from '../../sdk/index.ts';
import type { ObjectStore, PlatformDatabase } from '../../sources/index.ts';

export interface DatasetTarget {
  domain: string;
  dataset: string;
  descriptor: DatasetDescriptor;
  /** The partition a partitioned step computes (every row must fall in it); undefined: the whole dataset. */
  partition: { dt: string; hour: number | null; start: Date; end: Date } | undefined;
  /** Names the objects: `<pipeline>.<step>`. */
  producer: string;
}

export class StepOutputError extends Error {
  readonly code = 'STEP_OUTPUT_INVALID';
}

/** Publishes `localFile` (the step's whole output) as the target's partition(s); returns the bytes written. */
export async function publishDataset(
  localFile: string,
  target: DatasetTarget,
  stores: { db: PlatformDatabase; store: ObjectStore; workDir: string },
): Promise<number> {
  const parts = await splitByPartition(localFile, target, stores.workDir);
  const files: DerivedFile[] = [];
  for (const part of parts) {
    const body = await readFile(part.path);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 20);
    const objectKey = `${target.domain}/${target.dataset}/${partitionPath(part)}/${target.producer}-${hash}.parquet`;
    await stores.store.put(objectKey, body);
    files.push({ objectKey, dt: part.dt, hour: part.hour, rows: part.rows, bytes: body.length, minTime: part.minTime, maxTime: part.maxTime });
  }
  const scope = target.partition ? { dt: target.partition.dt, hour: target.partition.hour } : 'all';
  const removed = await replaceDerivedFiles(stores.db, { domain: target.domain, dataset: target.dataset, scope, files });
  // The catalog no longer lists them: a read that listed them a moment ago retries; nothing else refers to them.
  await Promise.allSettled(removed.map((key) => stores.store.delete(key)));
  return files.reduce((sum, f) => sum + f.bytes, 0);
}

interface LocalPart {
  path: string;
  dt: string;
  hour: number | null;
  rows: number;
  minTime: Date | null;
  maxTime: Date | null;
}

/** One local file per event-time partition of the output (DuckDB reads and writes; rows never pass through JS). */
async function splitByPartition(localFile: string, target: DatasetTarget, workDir: string): Promise<LocalPart[]> {
  const time = quoteDuckIdent(target.descriptor.eventTime);
  const hourly = target.descriptor.partitioning === 'hour';
  const source = `read_parquet('${localFile.replaceAll("'", "''")}')`;
  const key = `strftime(${time} AT TIME ZONE 'UTC', '%Y-%m-%d')`;
  const hour = hourly ? `hour(${time} AT TIME ZONE 'UTC')` : 'NULL';
  const duck = await DuckDBInstance.create(':memory:');
  const connection = await duck.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    const groups = (
      await connection.runAndReadAll(
        `SELECT ${key} AS dt, ${hour} AS hour, count(*) AS n, min(${time}) AS lo, max(${time}) AS hi, count(*) FILTER (WHERE ${time} IS NULL) AS nulls
         FROM ${source} GROUP BY ALL ORDER BY 1, 2`,
      )
    ).getRowObjectsJS();
    const parts: LocalPart[] = [];
    for (const [index, group] of groups.entries()) {
      if (Number(group.nulls) > 0) throw new StepOutputError(`${Number(group.nulls)} output row(s) have no ${target.descriptor.eventTime} (the event time)`);
      const part = { dt: String(group.dt), hour: group.hour === null ? null : Number(group.hour) };
      assertInPartition(target, part, group.lo as Date, group.hi as Date);
      const path = join(workDir, `part-${index}.parquet`);
      const match = `${key} = '${part.dt}'${hourly ? ` AND ${hour} = ${part.hour}` : ''}`;
      await connection.run(`COPY (SELECT * FROM ${source} WHERE ${match}) TO '${path}' (FORMAT PARQUET, COMPRESSION ZSTD)`);
      parts.push({ path, ...part, rows: Number(group.n), minTime: toDate(group.lo), maxTime: toDate(group.hi) });
    }
    return parts;
  } finally {
    connection.closeSync();
    duck.closeSync();
  }
}

function assertInPartition(target: DatasetTarget, part: { dt: string; hour: number | null }, lo: Date, hi: Date): void {
  const p = target.partition;
  if (!p) return;
  if (part.dt !== p.dt || part.hour !== p.hour) {
    throw new StepOutputError(
      `output rows have ${target.descriptor.eventTime} from ${toDate(lo)?.toISOString()} to ${toDate(hi)?.toISOString()}, ` +
        `outside the partition ${p.start.toISOString()} – ${p.end.toISOString()} the step computes`,
    );
  }
}

const toDate = (value: unknown): Date | null => (value === null || value === undefined ? null : new Date(value as string | number | Date));

/** Upserts `rows` into the entity after checking every row against the principal's create and update rules; returns the rows written. */
export async function upsertEntity(
  rows: Row[],
  target: { domain: string; entity: string; descriptor: EntityDescriptor },
  context: GovernedContext,
  records: SourceResolver,
): Promise<number> {
  const subject = `${target.domain}.${target.entity}`;
  for (const action of ['create', 'update'] as const) {
    const refused = rows.find((row) => !context.access.can(action, subject, undefined, row).allowed);
    if (refused !== undefined) {
      touch(context, 'operational', action, { domain: target.domain, subject, fields: [], rows: 0, decision: 'deny' });
      throw forbidden(`The pipeline's principal may not ${action} ${subject} (row ${String(refused[target.descriptor.key])}); nothing was written.`, {
        subject,
      });
    }
  }
  const spec = collectionSpecOf(target.descriptor);
  const source = records(target.descriptor.source.kind);
  await source.ensureCollection(spec);
  for (let start = 0; start < rows.length; start += 1_000) await source.upsertMany(spec, rows.slice(start, start + 1_000));
  touch(context, 'operational', 'update', {
    domain: target.domain,
    subject,
    fields: Object.keys(target.descriptor.fields),
    rows: rows.length,
    decision: 'allow',
  });
  return rows.length;
}
