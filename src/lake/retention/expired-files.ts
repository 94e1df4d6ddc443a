/**
 * The catalog side of retention. A file is expired when its newest event
 * (max_time) is older than the cutoff, so a file that still holds one younger
 * row is kept whole. Only complete files: a pending one belongs to a flush in
 * progress. Rows are taken `FOR UPDATE SKIP LOCKED`, so gateways running
 * retention at the same time split the work instead of fighting over it.
 */
import type { Row, SqlQueryable } from '../../sources/index.ts';
import { LAKE_FILES_TABLE as T } from '../catalog/index.ts';
import type { ExpiredFile } from './types.ts';

const EXPIRED = `domain = $1 AND dataset = $2 AND status = 'complete' AND max_time IS NOT NULL AND max_time < $3`;

/** Count, rows and bytes of a dataset's expired files (the plan and the dry run). */
export async function expiredTotals(db: SqlQueryable, domain: string, dataset: string, cutoff: Date): Promise<{ files: number; rows: number; bytes: number }> {
  const [row] = await db.query(
    `SELECT count(*)::int AS files, coalesce(sum(rows), 0)::text AS rows, coalesce(sum(bytes), 0)::text AS bytes FROM ${T} WHERE ${EXPIRED}`,
    [domain, dataset, cutoff],
  );
  return { files: Number(row?.files ?? 0), rows: Number(row?.rows ?? 0), bytes: Number(row?.bytes ?? 0) };
}

/** Locks up to `limit` expired files of a dataset in the caller's transaction, skipping rows another run holds. */
export async function lockExpiredFiles(tx: SqlQueryable, domain: string, dataset: string, cutoff: Date, limit: number): Promise<ExpiredFile[]> {
  const rows = await tx.query(
    `SELECT object_key, domain, dataset, rows, bytes::text AS bytes, min_time, max_time FROM ${T}
     WHERE ${EXPIRED} ORDER BY object_key LIMIT $4 FOR UPDATE SKIP LOCKED`,
    [domain, dataset, cutoff, limit],
  );
  return rows.map(toExpiredFile);
}

export async function deleteCatalogRow(tx: SqlQueryable, objectKey: string): Promise<void> {
  await tx.query(`DELETE FROM ${T} WHERE object_key = $1`, [objectKey]);
}

function toExpiredFile(row: Row): ExpiredFile {
  const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value instanceof Date ? value.getTime() : String(value)));
  return {
    objectKey: String(row.object_key),
    domain: String(row.domain),
    dataset: String(row.dataset),
    rows: Number(row.rows),
    bytes: Number(row.bytes),
    minTime: date(row.min_time),
    maxTime: date(row.max_time),
  };
}
