/**
 * The read side of the catalog: complete files of a dataset pruned to an
 * event-time range, per-partition and per-dataset summaries.
 */
import type { Row, SqlQueryable } from '../../sources/index.ts';
import { LAKE_FILES_TABLE as T } from './schema.ts';
import type { LakeDatasetSummary, LakeFile, LakePartitionSummary, TimeRange } from './types.ts';

/**
 * Complete files that may hold events in [from, to): the day (dt) bounds
 * prune first, then each file's min/max event time. Ordered by key, so a
 * scan's file list is stable.
 */
export async function listCompleteFiles(db: SqlQueryable, domain: string, dataset: string, range: TimeRange = {}): Promise<LakeFile[]> {
  const { where, params } = rangeWhere(domain, dataset, range);
  const rows = await db.query(
    `SELECT object_key, domain, dataset, dt, hour, topic, partition, first_offset::text AS first_offset,
            last_offset::text AS last_offset, rows, bytes::text AS bytes, min_time, max_time, status
     FROM ${T} WHERE ${where} ORDER BY object_key`,
    params,
  );
  return rows.map(toLakeFile);
}

/** One complete file by its object key, or null. */
export async function findCompleteFile(db: SqlQueryable, objectKey: string): Promise<LakeFile | null> {
  const rows = await db.query(
    `SELECT object_key, domain, dataset, dt, hour, topic, partition, first_offset::text AS first_offset,
            last_offset::text AS last_offset, rows, bytes::text AS bytes, min_time, max_time, status
     FROM ${T} WHERE object_key = $1 AND status = 'complete'`,
    [objectKey],
  );
  return rows[0] ? toLakeFile(rows[0]) : null;
}

/** Per dt (and hour) partition, in partition order. */
export async function listPartitions(db: SqlQueryable, domain: string, dataset: string, range: TimeRange = {}): Promise<LakePartitionSummary[]> {
  const { where, params } = rangeWhere(domain, dataset, range);
  const rows = await db.query(
    `SELECT dt, hour, count(*)::int AS files, coalesce(sum(rows), 0)::int AS rows, coalesce(sum(bytes), 0)::text AS bytes,
            min(min_time) AS min_time, max(max_time) AS max_time
     FROM ${T} WHERE ${where} GROUP BY dt, hour ORDER BY dt, hour NULLS FIRST`,
    params,
  );
  return rows.map((row) => ({
    dt: String(row.dt),
    hour: row.hour === null ? null : Number(row.hour),
    files: Number(row.files),
    rows: Number(row.rows),
    bytes: Number(row.bytes),
    minTime: toDate(row.min_time),
    maxTime: toDate(row.max_time),
  }));
}

/** Totals of a dataset's complete files, for the catalog (`dataProducts`). */
export async function partitionsSummary(db: SqlQueryable, domain: string, dataset: string): Promise<LakeDatasetSummary> {
  const rows = await db.query(
    `SELECT count(DISTINCT (dt, hour))::int AS partitions, count(*)::int AS files, coalesce(sum(rows), 0)::text AS rows,
            coalesce(sum(bytes), 0)::text AS bytes, min(min_time) AS min_time, max(max_time) AS max_time
     FROM ${T} WHERE domain = $1 AND dataset = $2 AND status = 'complete'`,
    [domain, dataset],
  );
  const row = rows[0] ?? {};
  return {
    partitions: Number(row.partitions ?? 0),
    files: Number(row.files ?? 0),
    rows: Number(row.rows ?? 0),
    bytes: Number(row.bytes ?? 0),
    minTime: toDate(row.min_time),
    maxTime: toDate(row.max_time),
  };
}

function rangeWhere(domain: string, dataset: string, range: TimeRange): { where: string; params: unknown[] } {
  const params: unknown[] = [domain, dataset];
  const parts = ['domain = $1', 'dataset = $2', `status = 'complete'`];
  if (range.from) {
    params.push(range.from.toISOString().slice(0, 10), range.from);
    parts.push(`dt >= $${params.length - 1}`, `(max_time IS NULL OR max_time >= $${params.length})`);
  }
  if (range.to) {
    params.push(range.to.toISOString().slice(0, 10), range.to);
    parts.push(`dt <= $${params.length - 1}`, `(min_time IS NULL OR min_time < $${params.length})`);
  }
  return { where: parts.join(' AND '), params };
}

function toLakeFile(row: Row): LakeFile {
  return {
    objectKey: String(row.object_key),
    domain: String(row.domain),
    dataset: String(row.dataset),
    dt: String(row.dt),
    hour: row.hour === null ? null : Number(row.hour),
    topic: String(row.topic),
    partition: Number(row.partition),
    firstOffset: String(row.first_offset),
    lastOffset: String(row.last_offset),
    rows: Number(row.rows),
    bytes: Number(row.bytes),
    minTime: toDate(row.min_time),
    maxTime: toDate(row.max_time),
    status: row.status === 'complete' ? 'complete' : 'pending',
  };
}

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}
