import type { PlatformDatabase } from '../../sources/index.ts';

export const LAKE_FILES_TABLE = 'meshgate_lake_files';

const DDL = [
  `CREATE TABLE IF NOT EXISTS ${LAKE_FILES_TABLE} (
    object_key text PRIMARY KEY,
    domain text NOT NULL,
    dataset text NOT NULL,
    dt text NOT NULL,
    hour int,
    topic text NOT NULL,
    partition int NOT NULL,
    first_offset bigint NOT NULL,
    last_offset bigint NOT NULL,
    flush_first bigint NOT NULL,
    flush_last bigint NOT NULL,
    rows int NOT NULL DEFAULT 0,
    bytes bigint NOT NULL DEFAULT 0,
    min_time timestamptz,
    max_time timestamptz,
    status text NOT NULL CHECK (status IN ('pending', 'complete')),
    created_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz
  )`,
  `CREATE INDEX IF NOT EXISTS ${LAKE_FILES_TABLE}_flush ON ${LAKE_FILES_TABLE} (topic, partition, flush_first)`,
  `CREATE INDEX IF NOT EXISTS ${LAKE_FILES_TABLE}_dataset ON ${LAKE_FILES_TABLE} (domain, dataset, dt, hour)`,
];

/** Idempotent; an advisory lock keeps sinks and gateways starting together from racing on CREATE. */
export async function ensureLakeCatalog(db: PlatformDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('${LAKE_FILES_TABLE}'))`);
    for (const statement of DDL) await tx.query(statement);
  });
}
