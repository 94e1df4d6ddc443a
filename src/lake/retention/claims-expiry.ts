/**
 * Expiry of ingestion idempotency claims (`meshgate_ingested_events`): a
 * claim older than the dedup window stops deduplicating, so an event resent
 * after it is accepted as a new event. Deleted in batches (each its own
 * statement, rows taken SKIP LOCKED) so no run holds a long lock on the table
 * ingestion writes to.
 */
import type { SqlQueryable } from '../../sources/index.ts';
import { INGESTED_EVENTS_TABLE as T } from '../ingest/index.ts';

async function claimsTableExists(db: SqlQueryable): Promise<boolean> {
  const [row] = await db.query<{ name: string | null }>(`SELECT to_regclass($1)::text AS name`, [T]);
  return Boolean(row?.name);
}

export async function countExpiredClaims(db: SqlQueryable, cutoff: Date): Promise<number> {
  if (!(await claimsTableExists(db))) return 0;
  const [row] = await db.query(`SELECT count(*)::int AS n FROM ${T} WHERE claimed_at < $1`, [cutoff]);
  return Number(row?.n ?? 0);
}

/** Deletes every claim older than `cutoff`, `batch` at a time; returns how many went. */
export async function expireClaims(db: SqlQueryable, cutoff: Date, batch: number): Promise<number> {
  if (!(await claimsTableExists(db))) return 0;
  await db.query(`CREATE INDEX IF NOT EXISTS ${T}_claimed_at ON ${T} (claimed_at)`);
  let total = 0;
  for (;;) {
    const rows = await db.query(
      `DELETE FROM ${T} t USING (
         SELECT dataset, event_id FROM ${T} WHERE claimed_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED
       ) AS old WHERE t.dataset = old.dataset AND t.event_id = old.event_id
       RETURNING 1`,
      [cutoff, batch],
    );
    total += rows.length;
    if (rows.length < batch) return total;
  }
}
