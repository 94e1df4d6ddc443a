/**
 * Retention inside a gateway: one run at start (awaited, so a restarted
 * gateway does not serve expired objects for an hour) and one every
 * `intervalSeconds`. A failed run is logged and counted, never fatal; the
 * next tick tries again. Runs never overlap in one process, and several
 * gateways split the work through the catalog's row locks.
 */
import { runLakeRetention } from './run.ts';
import type { RetentionOptions, RetentionReport } from './types.ts';

export interface RetentionJob {
  /** Resolves once a run in progress has finished. */
  stop(): Promise<void>;
}

export async function startRetentionJob(options: RetentionOptions & { intervalSeconds: number }): Promise<RetentionJob> {
  let running: Promise<RetentionReport | undefined> | undefined;
  const tick = () => {
    running ??= runLakeRetention(options)
      .then((report) => {
        options.metrics?.runs.inc({ outcome: 'ok' });
        return report;
      })
      .catch((error: unknown) => {
        options.metrics?.runs.inc({ outcome: 'failed' });
        options.logger.error({ err: error }, 'lake retention run failed; retrying at the next interval');
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  await tick();
  const timer = setInterval(tick, options.intervalSeconds * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
