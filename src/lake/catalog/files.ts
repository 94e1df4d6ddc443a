/**
 * The sink's side of the catalog: claim a flush (pending), complete it, and
 * find the flush a partition resumes at. Offsets cross the SQL boundary as
 * text so neither driver rounds a bigint.
 */
import type { PlatformDatabase, SqlQueryable } from '../../sources/index.ts';
import { LAKE_FILES_TABLE as T } from './schema.ts';
import type { LakeFileStats, LakeFlushClaim, LakeFlushState } from './types.ts';
import { LakeCatalogError } from './types.ts';

/**
 * Records every file of a flush as `pending`, in one transaction. A flush of
 * exactly the same range may be claimed again (a rebuild after a crash); one
 * that overlaps a different recorded range throws FENCED: another member
 * already owns those offsets, and writing would duplicate events.
 */
export async function claimFlush(db: PlatformDatabase, flush: LakeFlushClaim): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${T}:${flush.topic}:${flush.partition}`]);
    await assertNoOverlap(tx, flush);
    for (const file of flush.files) {
      await tx.query(
        `INSERT INTO ${T} (object_key, domain, dataset, dt, hour, topic, partition, first_offset, last_offset, flush_first, flush_last, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::bigint, $9::bigint, $10::bigint, $11::bigint, 'pending')
         ON CONFLICT (object_key) DO UPDATE SET status = 'pending', completed_at = NULL`,
        [
          file.objectKey,
          file.domain,
          file.dataset,
          file.dt,
          file.hour,
          flush.topic,
          flush.partition,
          file.firstOffset,
          file.lastOffset,
          flush.flushFirst,
          flush.flushLast,
        ],
      );
    }
  });
}

async function assertNoOverlap(tx: SqlQueryable, flush: LakeFlushClaim): Promise<void> {
  const rows = await tx.query<{ flush_first: string; flush_last: string }>(
    `SELECT flush_first::text, flush_last::text FROM ${T}
     WHERE topic = $1 AND partition = $2 AND flush_first <= $4::bigint AND flush_last >= $3::bigint
       AND NOT (flush_first = $3::bigint AND flush_last = $4::bigint)
     LIMIT 1`,
    [flush.topic, flush.partition, flush.flushFirst, flush.flushLast],
  );
  const other = rows[0];
  if (other) {
    throw new LakeCatalogError(
      'FENCED',
      `${flush.topic}[${flush.partition}] offsets ${flush.flushFirst}-${flush.flushLast} overlap the recorded flush ${other.flush_first}-${other.flush_last}`,
    );
  }
}

/** Marks the files complete with their statistics, in one transaction. */
export async function completeFiles(db: PlatformDatabase, files: LakeFileStats[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const file of files) {
      await tx.query(
        `UPDATE ${T} SET status = 'complete', rows = $2, bytes = $3, min_time = $4, max_time = $5, completed_at = now()
         WHERE object_key = $1`,
        [file.objectKey, file.rows, file.bytes, file.minTime, file.maxTime],
      );
    }
  });
}

/** The flush recorded as starting at `offset` of a partition, if any. */
export async function findFlushAt(db: SqlQueryable, topic: string, partition: number, offset: string): Promise<LakeFlushState | null> {
  const rows = await db.query<{ flush_last: string; pending: number }>(
    `SELECT flush_last::text AS flush_last, count(*) FILTER (WHERE status = 'pending')::int AS pending
     FROM ${T} WHERE topic = $1 AND partition = $2 AND flush_first = $3::bigint
     GROUP BY flush_last`,
    [topic, partition, offset],
  );
  const row = rows[0];
  if (!row) return null;
  return { flushFirst: offset, flushLast: row.flush_last, status: row.pending > 0 ? 'pending' : 'complete' };
}
