/**
 * Derived datasets (written by pipeline steps, not by the sink) in the
 * partition catalog. A step's output for one partition replaces whatever that
 * partition held, in one transaction: readers see the old files or the new
 * ones, never both and never neither, so a retried or re-run step leaves no
 * duplicate and no gap. Their rows carry the topic `derived:<domain>.<dataset>`
 * (they came from no broker) and offsets 0..rows-1.
 */
import type { PlatformDatabase, SqlQueryable } from '../../sources/index.ts';
import { LAKE_FILES_TABLE as T } from './schema.ts';
import type { LakeFileStats } from './types.ts';

/** One Parquet object of a derived dataset, in its time partition. */
export interface DerivedFile extends LakeFileStats {
  dt: string;
  hour: number | null;
}

export interface DerivedReplacement {
  domain: string;
  dataset: string;
  /** One partition (a partitioned step's output) or the whole dataset (an unpartitioned step's). */
  scope: { dt: string; hour: number | null } | 'all';
  /** The scope's new files (possibly none: an empty output). */
  files: DerivedFile[];
}

/** The catalog topic of a derived dataset. */
export const derivedTopic = (domain: string, dataset: string): string => `derived:${domain}.${dataset}`;

/** Swaps the scope's files for `files`; returns the object keys it no longer lists (for the caller to delete). */
export async function replaceDerivedFiles(db: PlatformDatabase, replacement: DerivedReplacement): Promise<string[]> {
  const { domain, dataset, scope, files } = replacement;
  const topic = derivedTopic(domain, dataset);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [topic]);
    const inScope = scope === 'all' ? '' : 'AND dt = $4 AND hour IS NOT DISTINCT FROM $5';
    const removed = await tx.query<{ object_key: string }>(
      `DELETE FROM ${T} WHERE domain = $1 AND dataset = $2 AND NOT (object_key = ANY($3::text[])) ${inScope} RETURNING object_key`,
      scope === 'all' ? [domain, dataset, files.map((f) => f.objectKey)] : [domain, dataset, files.map((f) => f.objectKey), scope.dt, scope.hour],
    );
    for (const file of files) await upsertFile(tx, domain, dataset, topic, file);
    return removed.map((row) => row.object_key);
  });
}

async function upsertFile(tx: SqlQueryable, domain: string, dataset: string, topic: string, file: DerivedFile): Promise<void> {
  await tx.query(
    `INSERT INTO ${T} (object_key, domain, dataset, dt, hour, topic, partition, first_offset, last_offset, flush_first, flush_last,
                       rows, bytes, min_time, max_time, status, completed_at)
     VALUES ($1, $2, $3, $4, $5, $6, 0, 0, $7, 0, $7, $8, $9, $10, $11, 'complete', now())
     ON CONFLICT (object_key) DO UPDATE SET rows = EXCLUDED.rows, bytes = EXCLUDED.bytes, min_time = EXCLUDED.min_time,
       max_time = EXCLUDED.max_time, status = 'complete', completed_at = now()`,
    [file.objectKey, domain, dataset, file.dt, file.hour, topic, Math.max(0, file.rows - 1), file.rows, file.bytes, file.minTime, file.maxTime],
  );
}
