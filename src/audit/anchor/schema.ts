/**
 * The anchor's own two small tables. Neither is trusted by verification: the digest pointer only
 * saves the writer a listing of the store (a wrong pointer makes the next digest name the wrong
 * predecessor, which verification reports), and the archive index only says where the Parquet of
 * an archived range is (a row deleted from it leaves a gap in the chain, which verification reports).
 */
import type { PlatformDatabase } from '../../sources/index.ts';

export const DIGEST_HEAD_TABLE = 'meshgate_access_log_digest_head';
export const ARCHIVE_TABLE = 'meshgate_access_log_archive';
/** Held (transaction-scoped) by whoever writes a digest or archives a range: one at a time per deployment. */
export const DIGEST_LOCK = `pg_advisory_xact_lock(hashtext('${DIGEST_HEAD_TABLE}'))`;

const STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS ${DIGEST_HEAD_TABLE} (
    id int PRIMARY KEY CHECK (id = 1), key text NOT NULL, signature_hash text NOT NULL, head_seq bigint NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${ARCHIVE_TABLE} (
    first_seq bigint PRIMARY KEY, last_seq bigint NOT NULL, key text NOT NULL, records int NOT NULL,
    archived_at timestamptz NOT NULL DEFAULT now())`,
];

export async function ensureAnchorSchema(db: PlatformDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SELECT ${DIGEST_LOCK}`);
    for (const statement of STATEMENTS) await tx.query(statement);
  });
}
