/**
 * Landed-partition triggers: when files land in a closed partition of a
 * dataset that a pipeline reads (the sink's late events, or another
 * pipeline's published output), the steps reading it run for that partition.
 * The partition catalog is the source of truth whoever wrote the files (a
 * sink process, a worker): one gateway at a time takes the watermark row
 * (`FOR UPDATE SKIP LOCKED`), reads the files completed since, and starts
 * one run per (dataset, partition). Only closed partitions trigger (an open
 * day is still filling; its schedule covers it), and only those closed within
 * the lookback (48 h by default): late events for yesterday re-run yesterday,
 * while loading months of history (a seed, a replay) does not start a run
 * per month-old day — that is what a backfill is for. A fresh deployment
 * starts its watermark at now.
 */
import { LAKE_FILES_TABLE } from '../../lake/index.ts';
import type { Logger } from '../../observability/index.ts';
import type { PlatformDatabase } from '../../sources/index.ts';
import type { PipelineEngine } from '../engine/index.ts';
import { partitionBounds } from '../processing/index.ts';

export const LANDING_WATERMARK_TABLE = 'meshgate_pipeline_landing_watermark';

export interface LandedPartitionTrigger {
  /** One pass (also what the timer runs); resolves with the (dataset, partition) pairs it started runs for. */
  tick(now?: Date): Promise<{ dataset: string; partition: string }[]>;
  stop(): Promise<void>;
}

export interface LandedPartitionOptions {
  db: PlatformDatabase;
  engine: PipelineEngine;
  /** `domain.dataset` ids some step reads; files of others are ignored. */
  datasets: readonly string[];
  logger: Logger;
  /** Seconds between passes (default 30); 0: no timer (call `tick`). */
  intervalSeconds?: number;
  /** Partitions that closed longer ago than this do not trigger (default 48). */
  lookbackHours?: number;
}

export async function startLandedPartitionTrigger(options: LandedPartitionOptions): Promise<LandedPartitionTrigger> {
  const { db, engine, logger } = options;
  await db.query(`CREATE TABLE IF NOT EXISTS ${LANDING_WATERMARK_TABLE} (id int PRIMARY KEY, completed_through timestamptz NOT NULL)`);
  await db.query(`INSERT INTO ${LANDING_WATERMARK_TABLE} (id, completed_through) VALUES (1, now()) ON CONFLICT (id) DO NOTHING`);
  const tick = async (now = new Date()) => {
    const landed = await takeLanded(db, options.datasets, now, (options.lookbackHours ?? 48) * 3_600_000);
    for (const { dataset, partition } of landed) {
      try {
        const runs = await engine.partitionLanded(dataset, partition);
        if (runs.length > 0) logger.info({ dataset, partition, runs: runs.map((r) => r.id) }, 'landed partition started pipeline runs');
      } catch (error) {
        logger.warn({ dataset, partition, err: error }, 'a landed partition could not start its pipeline runs');
      }
    }
    return landed;
  };
  const seconds = options.intervalSeconds ?? 30;
  let running: Promise<unknown> = Promise.resolve();
  const timer =
    seconds > 0
      ? setInterval(() => {
          running = tick().catch((error) => logger.warn({ err: error }, 'landed-partition pass failed'));
        }, seconds * 1000)
      : undefined;
  timer?.unref();
  return {
    tick,
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}

/** Advances the watermark over files completed since it, in closed partitions; another gateway holding it means nothing to do now. */
async function takeLanded(db: PlatformDatabase, datasets: readonly string[], now: Date, lookbackMs: number): Promise<{ dataset: string; partition: string }[]> {
  return db.transaction(async (tx) => {
    const [mark] = await tx.query(`SELECT 1 FROM ${LANDING_WATERMARK_TABLE} WHERE id = 1 FOR UPDATE SKIP LOCKED`);
    if (!mark) return [];
    // Timestamps stay in SQL (microseconds; a JS Date would round them and read the last file again). The database's
    // clock bounds completion: a file completing this instant waits for the next pass (its transaction may not be
    // visible yet); `now()` is the transaction's, the same in both statements. `now` (JS) decides which partitions are closed.
    const landedSince = `FROM ${LAKE_FILES_TABLE}
       WHERE status = 'complete' AND completed_at > (SELECT completed_through FROM ${LANDING_WATERMARK_TABLE} WHERE id = 1)
         AND completed_at <= now() - interval '1 second' AND domain || '.' || dataset = ANY($1::text[])`;
    const rows = await tx.query<{ dataset: string; dt: string; hour: number | null }>(
      `SELECT domain || '.' || dataset AS dataset, dt, hour ${landedSince} GROUP BY 1, 2, 3`,
      [[...datasets]],
    );
    if (rows.length === 0) return [];
    await tx.query(`UPDATE ${LANDING_WATERMARK_TABLE} SET completed_through = (SELECT max(completed_at) ${landedSince}) WHERE id = 1`, [[...datasets]]);
    const closedRecently = (end: number) => end <= now.getTime() && end >= now.getTime() - lookbackMs;
    return rows
      .map((r) => ({ dataset: r.dataset, partition: partitionName(r.dt, r.hour), grain: r.hour === null ? ('day' as const) : ('hour' as const) }))
      .filter((r) => closedRecently(partitionBounds(r.grain, r.partition).end.getTime()))
      .map(({ dataset, partition }) => ({ dataset, partition }));
  });
}

const partitionName = (dt: string, hour: number | null) => (hour === null ? dt : `${dt}T${String(hour).padStart(2, '0')}`);
