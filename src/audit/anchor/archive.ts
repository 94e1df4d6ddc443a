/**
 * Retention: records older than the retention period leave the table for the lake, as Parquet under
 * `_audit/records/dt=<date of the first record>/<firstSeq>-<lastSeq>.parquet`. Always a prefix of the
 * chain (the oldest records, up to the first one still inside the period), never a record no digest
 * has signed yet when digests are on, and never silently: each range is uploaded, indexed in the
 * archive table and deleted from the log in one transaction under the digest lock, and logged.
 * Verification reads the ranges back and continues the chain into the table.
 */
import type { Logger } from '../../observability/index.ts';
import type { ObjectStore, PlatformDatabase, SqlQueryable } from '../../sources/index.ts';
import { LOG_TABLE, SELECT_RECORD_FOR_VERIFY, rowToRecord } from '../store.ts';
import { anchoredSeq } from './digest-writer.ts';
import { recordsToParquet } from './record-parquet.ts';
import { ARCHIVE_TABLE, DIGEST_LOCK, ensureAnchorSchema } from './schema.ts';

export const ARCHIVE_PREFIX = '_audit/records/';
/** Records per Parquet object. */
export const ARCHIVE_CHUNK = 50_000;
const DAY_MS = 86_400_000;

export interface ArchiveOptions {
  db: PlatformDatabase;
  store: ObjectStore;
  retentionDays: number;
  /** Digests are on: keep in the table what no digest has signed yet. */
  anchored: boolean;
  logger?: Logger;
  now?: Date;
  chunk?: number;
  onProgress?: (archived: number, total: number) => void;
}

export interface ArchivedRange {
  firstSeq: number;
  lastSeq: number;
  key: string;
}

export async function archiveRecords(options: ArchiveOptions): Promise<ArchivedRange[]> {
  await ensureAnchorSchema(options.db);
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.retentionDays * DAY_MS);
  const limit = await archivableUpTo(options.db, cutoff, options.anchored);
  const [{ lo }] = await options.db.query(`SELECT min(seq) AS lo FROM ${LOG_TABLE}`);
  const total = lo === null || Number(lo) > limit ? 0 : limit - Number(lo) + 1;
  options.onProgress?.(0, total);
  const ranges: ArchivedRange[] = [];
  let archived = 0;
  for (;;) {
    const range = await options.db.transaction((tx) => archiveChunk(tx, options, limit));
    if (range === null) return ranges;
    ranges.push(range);
    archived += range.lastSeq - range.firstSeq + 1;
    options.onProgress?.(archived, total);
  }
}

/** The last seq that may leave the table: before the first record inside the period (and signed, when anchored). */
async function archivableUpTo(db: SqlQueryable, cutoff: Date, anchored: boolean): Promise<number> {
  const [row] = await db.query(`SELECT (SELECT min(seq) FROM ${LOG_TABLE} WHERE time >= $1) AS boundary, (SELECT max(seq) FROM ${LOG_TABLE}) AS hi`, [cutoff]);
  const limit = row.boundary === null ? Number(row.hi ?? 0) : Number(row.boundary) - 1;
  return anchored ? Math.min(limit, await anchoredSeq(db)) : limit;
}

async function archiveChunk(tx: SqlQueryable, options: ArchiveOptions, limit: number): Promise<ArchivedRange | null> {
  await tx.query(`SELECT ${DIGEST_LOCK}`);
  const [{ lo }] = await tx.query(`SELECT min(seq) AS lo FROM ${LOG_TABLE}`);
  if (lo === null || Number(lo) > limit) return null;
  const firstSeq = Number(lo);
  const lastSeq = Math.min(limit, firstSeq + (options.chunk ?? ARCHIVE_CHUNK) - 1);
  const rows = await tx.query(`${SELECT_RECORD_FOR_VERIFY} WHERE seq >= $1 AND seq <= $2 ORDER BY seq`, [firstSeq, lastSeq]);
  const stored = rows.map((row) => ({ record: rowToRecord(row), timeExtraUs: Number(row.time_extra_us) }));
  const key = `${ARCHIVE_PREFIX}dt=${stored[0].record.time.toISOString().slice(0, 10)}/${firstSeq}-${lastSeq}.parquet`;
  await options.store.put(key, await recordsToParquet(stored), { contentType: 'application/vnd.apache.parquet' });
  await tx.query(`INSERT INTO ${ARCHIVE_TABLE} (first_seq, last_seq, key, records) VALUES ($1, $2, $3, $4)`, [firstSeq, lastSeq, key, stored.length]);
  await tx.query(`DELETE FROM ${LOG_TABLE} WHERE seq >= $1 AND seq <= $2`, [firstSeq, lastSeq]);
  options.logger?.info({ firstSeq, lastSeq, records: stored.length, key }, 'access log: records archived to the lake and deleted from the table');
  return { firstSeq, lastSeq, key };
}

/** The archived ranges in seq order; none when nothing was ever archived (the table may not exist). */
export async function archivedRanges(db: SqlQueryable): Promise<ArchivedRange[]> {
  const [exists] = await db.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [ARCHIVE_TABLE]);
  if (!exists.present) return [];
  const rows = await db.query(`SELECT first_seq, last_seq, key FROM ${ARCHIVE_TABLE} ORDER BY first_seq`);
  return rows.map((row) => ({ firstSeq: Number(row.first_seq), lastSeq: Number(row.last_seq), key: String(row.key) }));
}
