/**
 * pg-boss, the durable queue under the engine, on PGlite (`fromPglite`, the
 * embedded profile) or PostgreSQL: one job per unit (step × partition) with
 * retries and exponential backoff, heartbeats so a crashed worker's unit is
 * picked up again, a dead-letter queue for units the queue gives up on, and
 * cron schedules that fire once however many processes run.
 */
import { randomUUID } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { PgBoss, fromPglite, type ConstructorOptions, type Db, type JobInsert } from 'pg-boss';
import { ConfigError } from '../../common/index.ts';
import type { Logger } from '../../observability/index.ts';
import { pgConnectionConfig, type PostgresConnection, type SqlQueryable } from '../../sources/index.ts';
import type { EnginePipeline } from './types.ts';

export const STEP_QUEUE = 'meshgate-pipeline-steps';
export const DEAD_QUEUE = 'meshgate-pipeline-steps-dead';
export const SCHEDULE_QUEUE = 'meshgate-pipeline-schedules';

/** How pg-boss reaches the database: the embedded PGlite (the same instance as the platform database) or a PostgreSQL URL. */
/** `postgres`: a URL, or the gateway's connection with its TLS settings (the platform database's). */
export type BossConnection = { kind: 'pglite'; db: PGlite } | { kind: 'postgres'; connection: string | PostgresConnection; max?: number };

export interface QueueTiming {
  /** A running unit whose worker sent no heartbeat for this long is handed to another worker (>= 10). */
  expireSeconds: number;
  /** Idle workers look for jobs this often (NOTIFY wakes them sooner). */
  pollSeconds: number;
  /** How often schedules are checked (1 to 45). */
  scheduleCheckSeconds: number;
}

/** pg-boss's upper bound on a job's run time: a step may run for a day at most. */
const MAX_STEP_SECONDS = 24 * 3600;

export interface StepJobData {
  runId: string;
  step: string;
  /** '' for none. */
  partition: string;
}

export function checkTiming(timing: QueueTiming): void {
  if (!Number.isInteger(timing.expireSeconds) || timing.expireSeconds < 10)
    throw new ConfigError('expireSeconds', 'must be an integer >= 10 (pg-boss heartbeats)');
  if (!(timing.pollSeconds >= 0.5)) throw new ConfigError('pollSeconds', 'must be >= 0.5');
  if (!Number.isInteger(timing.scheduleCheckSeconds) || timing.scheduleCheckSeconds < 1 || timing.scheduleCheckSeconds > 45) {
    throw new ConfigError('scheduleCheckSeconds', 'must be an integer from 1 to 45');
  }
}

export function createBoss(connection: BossConnection, timing: QueueTiming, logger: Logger): PgBoss {
  // Expiry and heartbeat checks run a few times per expiry bound, so a lost unit waits at most ~1.25 × expireSeconds.
  const superviseSeconds = Math.max(1, Math.floor(timing.expireSeconds / 4));
  const common: ConstructorOptions = {
    superviseIntervalSeconds: superviseSeconds,
    monitorIntervalSeconds: superviseSeconds,
    cronMonitorIntervalSeconds: timing.scheduleCheckSeconds,
    cronWorkerIntervalSeconds: timing.scheduleCheckSeconds,
    useListenNotify: true,
    registerInstance: false,
  };
  const boss =
    connection.kind === 'pglite'
      ? new PgBoss({ ...common, db: fromPglite(connection.db), backend: 'pglite' })
      : new PgBoss({ ...common, ...pgConnectionConfig(connection.connection), max: connection.max ?? 4, application_name: 'meshgate-pipelines' });
  boss.on('error', (error) => logger.warn({ err: error }, 'pipeline queue error'));
  return boss;
}

/** Creates the queues (idempotent) and loads them into pg-boss's cache, so a send inside our transaction reads nothing outside it. */
export async function prepareQueues(boss: PgBoss): Promise<void> {
  for (const [name, options] of [
    [DEAD_QUEUE, {}],
    [STEP_QUEUE, { notify: true, deadLetter: DEAD_QUEUE }],
    [SCHEDULE_QUEUE, { notify: true }],
  ] as const) {
    // create_queue is idempotent and advisory-locked, so processes starting together do not race.
    await boss.createQueue(name, options);
    await boss.findJobs(name, { limit: 1 });
  }
}

/** A transaction of the platform database as pg-boss's database, so a job is sent atomically with the rows that call for it. */
export function txDatabase(tx: SqlQueryable): Db {
  return { executeSql: async (text, values) => ({ rows: await tx.query(text, values) }) };
}

/** A unit's job. Its retry budget is maxAttempts deliveries plus one, to record a crash on the last attempt. */
export function stepJob(data: StepJobData, pipeline: EnginePipeline, timing: QueueTiming): JobInsert<StepJobData> {
  return {
    id: randomUUID(),
    data,
    retryLimit: pipeline.maxAttempts,
    retryDelay: Math.max(1, Math.round(pipeline.backoffSeconds)),
    retryBackoff: true,
    heartbeatSeconds: timing.expireSeconds,
    expireInSeconds: MAX_STEP_SECONDS,
    deadLetter: DEAD_QUEUE,
  };
}
