/**
 * Idempotency: the table of ingested event ids. An id is claimed (inserted
 * without a position) before its event is produced, given its partition and
 * offset once the broker acknowledged it, and released (deleted) when the
 * produce failed so that a retry may claim it again. A claim left without a
 * position for `abandonedClaimSeconds` (its gateway died between claim and
 * produce) is taken over by the next retry: in that narrow crash window an
 * event may reach the broker twice, never zero times.
 */
import type { PlatformDatabase } from '../../sources/index.ts';

export const INGESTED_EVENTS_TABLE = 'meshgate_ingested_events';

const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS ${INGESTED_EVENTS_TABLE} (
  dataset text NOT NULL,
  event_id text NOT NULL,
  topic text NOT NULL,
  partition int,
  "offset" text,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dataset, event_id)
)`;

export interface ClaimKey {
  dataset: string;
  eventId: string;
  topic: string;
}

export interface ExistingClaim {
  dataset: string;
  eventId: string;
  /** Null while the claiming request has not been acknowledged by the broker. */
  position: { partition: number; offset: string } | null;
}

export interface ProducedPosition {
  dataset: string;
  eventId: string;
  partition: number;
  offset: string;
}

export interface ClaimStore {
  ensureSchema(): Promise<void>;
  /** Claims every key in one statement; returns the keys this call claimed as `dataset\u0000eventId`. */
  claim(keys: readonly ClaimKey[]): Promise<Set<string>>;
  /** The recorded state of keys another call claimed. */
  lookup(keys: readonly ClaimKey[]): Promise<ExistingClaim[]>;
  recordPositions(positions: readonly ProducedPosition[]): Promise<void>;
  release(keys: readonly ClaimKey[]): Promise<void>;
}

export function claimId(dataset: string, eventId: string): string {
  return `${dataset}\u0000${eventId}`;
}

export function createClaimStore(db: PlatformDatabase, abandonedClaimSeconds: number): ClaimStore {
  let schema: Promise<void> | undefined;
  return {
    ensureSchema() {
      schema ??= db.query(CREATE_TABLE).then(
        () => undefined,
        (error) => {
          schema = undefined;
          throw error;
        },
      );
      return schema;
    },
    async claim(keys) {
      if (keys.length === 0) return new Set();
      const rows = await db.query<{ dataset: string; event_id: string }>(
        `INSERT INTO ${INGESTED_EVENTS_TABLE} AS t (dataset, event_id, topic)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
         ON CONFLICT (dataset, event_id) DO UPDATE SET claimed_at = now()
           WHERE t."offset" IS NULL AND t.claimed_at < now() - make_interval(secs => $4)
         RETURNING dataset, event_id`,
        [keys.map((k) => k.dataset), keys.map((k) => k.eventId), keys.map((k) => k.topic), abandonedClaimSeconds],
      );
      return new Set(rows.map((row) => claimId(row.dataset, row.event_id)));
    },
    async lookup(keys) {
      if (keys.length === 0) return [];
      const rows = await db.query<{ dataset: string; event_id: string; partition: number | null; offset: string | null }>(
        `SELECT t.dataset, t.event_id, t.partition, t."offset" FROM ${INGESTED_EVENTS_TABLE} t
         JOIN unnest($1::text[], $2::text[]) AS k(dataset, event_id) USING (dataset, event_id)`,
        [keys.map((k) => k.dataset), keys.map((k) => k.eventId)],
      );
      return rows.map((row) => ({
        dataset: row.dataset,
        eventId: row.event_id,
        position: row.offset === null || row.partition === null ? null : { partition: row.partition, offset: row.offset },
      }));
    },
    async recordPositions(positions) {
      if (positions.length === 0) return;
      await db.query(
        `UPDATE ${INGESTED_EVENTS_TABLE} t SET partition = p.partition, "offset" = p.offset
         FROM unnest($1::text[], $2::text[], $3::int[], $4::text[]) AS p(dataset, event_id, partition, "offset")
         WHERE t.dataset = p.dataset AND t.event_id = p.event_id`,
        [positions.map((p) => p.dataset), positions.map((p) => p.eventId), positions.map((p) => p.partition), positions.map((p) => p.offset)],
      );
    },
    async release(keys) {
      if (keys.length === 0) return;
      await db.query(
        `DELETE FROM ${INGESTED_EVENTS_TABLE} t USING unnest($1::text[], $2::text[]) AS k(dataset, event_id)
         WHERE t.dataset = k.dataset AND t.event_id = k.event_id AND t."offset" IS NULL`,
        [keys.map((k) => k.dataset), keys.map((k) => k.eventId)],
      );
    },
  };
}
