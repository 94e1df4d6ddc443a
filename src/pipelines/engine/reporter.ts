/**
 * A running attempt's progress and log lines, written to its unit's row at
 * most once per interval (and once at the end) and announced on the runs
 * channel. Each write is fenced to the attempt: when the row says the attempt
 * no longer holds the unit (the run was cancelled), `onLost` fires, which is
 * how a worker learns of a cancel it missed the NOTIFY of.
 */
import type { Logger } from '../../observability/index.ts';
import type { PlatformDatabase } from '../../sources/index.ts';
import type { StepJobData } from './queue.ts';
import { MAX_LOG_LINES, STEP_RUNS_TABLE } from './schema.ts';
import { appendLogs } from './unit.ts';

export interface Reporter {
  progress(update: { fraction?: number; message?: string }): void;
  log(line: string): void;
  /** Stops the timer and writes what is pending. */
  stop(): Promise<void>;
}

export interface ReporterOptions {
  db: PlatformDatabase;
  logger: Logger;
  data: StepJobData;
  attempt: number;
  intervalMs: number;
  /** Called after each write that changed the row. */
  onWrite: () => Promise<void>;
  onLost: () => void;
}

const MAX_LINE_CHARS = 2000;
/** The row, while attempt `$4` holds it. */
const HELD = `run_id = $1 AND step = $2 AND partition = $3 AND state = 'RUNNING' AND attempts = $4`;

export function createReporter(options: ReporterOptions): Reporter {
  const { db, data, attempt } = options;
  let fraction: number | null = null;
  let message: string | null = null;
  let lines: string[] = [];
  let writing: Promise<void> = Promise.resolve();
  const write = async (): Promise<void> => {
    const unit = [data.runId, data.step, data.partition, attempt];
    const written = { lines, fraction, message };
    const pending = fraction !== null || message !== null || lines.length > 0;
    lines = [];
    fraction = null;
    message = null;
    const rows = pending
      ? await db.query(
          `UPDATE ${STEP_RUNS_TABLE} SET logs = ${appendLogs('$5')}, progress = COALESCE($6, progress), message = COALESCE($7, message)
           WHERE ${HELD} RETURNING 1`,
          [...unit, JSON.stringify(written.lines), written.fraction, written.message],
        )
      : await db.query(`SELECT 1 FROM ${STEP_RUNS_TABLE} WHERE ${HELD}`, unit);
    if (rows.length === 0) options.onLost();
    else if (pending) await options.onWrite();
  };
  const flush = (): Promise<void> => {
    writing = writing.then(write).catch((error) => options.logger.warn({ err: error }, 'pipeline step progress not written'));
    return writing;
  };
  const timer = setInterval(flush, options.intervalMs);
  return {
    progress(update) {
      if (update.fraction !== undefined && Number.isFinite(update.fraction)) fraction = Math.min(1, Math.max(0, update.fraction));
      if (update.message !== undefined) message = update.message.slice(0, MAX_LINE_CHARS);
    },
    log(line) {
      lines.push(String(line).slice(0, MAX_LINE_CHARS));
      if (lines.length > MAX_LOG_LINES) lines = lines.slice(-MAX_LOG_LINES);
    },
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
