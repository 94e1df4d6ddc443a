/**
 * `meshgate_lake_removals`: one row per Parquet object retention removed
 * (dataset, key, rows, bytes, event-time bounds, reason, when). It is the
 * lake's own deletion record; the access log records reads by people, and
 * retention is no request.
 */
import type { SqlQueryable } from '../../sources/index.ts';
import type { ExpiredFile, RemovalReason } from './types.ts';

export const LAKE_REMOVALS_TABLE = 'meshgate_lake_removals';

const DDL = [
  `CREATE TABLE IF NOT EXISTS ${LAKE_REMOVALS_TABLE} (
    id bigserial PRIMARY KEY,
    domain text NOT NULL,
    dataset text NOT NULL,
    object_key text NOT NULL,
    rows int NOT NULL,
    bytes bigint NOT NULL,
    min_time timestamptz,
    max_time timestamptz,
    reason text NOT NULL,
    removed_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX IF NOT EXISTS ${LAKE_REMOVALS_TABLE}_dataset ON ${LAKE_REMOVALS_TABLE} (domain, dataset, removed_at)`,
];

export async function ensureRemovalsTable(db: SqlQueryable): Promise<void> {
  for (const statement of DDL) await db.query(statement);
}

export async function recordRemoval(tx: SqlQueryable, file: ExpiredFile, reason: RemovalReason): Promise<void> {
  await tx.query(
    `INSERT INTO ${LAKE_REMOVALS_TABLE} (domain, dataset, object_key, rows, bytes, min_time, max_time, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [file.domain, file.dataset, file.objectKey, file.rows, file.bytes, file.minTime, file.maxTime, reason],
  );
}
