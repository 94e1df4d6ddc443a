/**
 * The pipelines' Prometheus metrics, on the registry the gateway (or a
 * worker) serves at `/metrics`. Units are counted where they run (this
 * process's executor: outcome and duration); the queue is read from the
 * platform database at scrape time, so every process reports the same whole:
 * runs and units by state, and the age of the oldest unit waiting.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { PlatformDatabase } from '../../sources/index.ts';
import { RUNS_TABLE, STEP_RUNS_TABLE, type StepExecutor } from '../engine/index.ts';

export interface PipelineMetrics {
  /** Wraps an executor so that every attempt it runs is counted and timed. */
  instrument(execute: StepExecutor): StepExecutor;
}

export function pipelineMetrics(registry: Registry, db: PlatformDatabase): PipelineMetrics {
  const attempts = new Counter({
    name: 'meshgate_pipeline_unit_attempts_total',
    help: 'Attempts of pipeline units run in this process, by outcome: succeeded, check_failed (a blocking check), error.',
    labelNames: ['pipeline', 'step', 'outcome'],
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'meshgate_pipeline_unit_duration_seconds',
    help: 'Duration of pipeline unit attempts run in this process.',
    labelNames: ['pipeline', 'step'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
    registers: [registry],
  });
  const rows = new Counter({
    name: 'meshgate_pipeline_unit_rows_out_total',
    help: 'Rows pipeline units wrote, in this process.',
    labelNames: ['pipeline', 'step'],
    registers: [registry],
  });
  queueGauges(registry, db);
  return {
    instrument: (execute) => async (job) => {
      const stop = seconds.startTimer({ pipeline: job.pipeline, step: job.step });
      try {
        const outcome = await execute(job);
        const failedCheck = outcome.checks?.some((c) => c.blocking && !c.passed);
        attempts.inc({ pipeline: job.pipeline, step: job.step, outcome: failedCheck ? 'check_failed' : 'succeeded' });
        rows.inc({ pipeline: job.pipeline, step: job.step }, outcome.rowsOut);
        return outcome;
      } catch (error) {
        attempts.inc({ pipeline: job.pipeline, step: job.step, outcome: 'error' });
        throw error;
      } finally {
        stop();
      }
    },
  };
}

/** Gauges read from the run tables when scraped (a failed read leaves them unset rather than failing the scrape). */
function queueGauges(registry: Registry, db: PlatformDatabase): void {
  new Gauge({
    name: 'meshgate_pipeline_runs',
    help: 'Pipeline runs by pipeline and state (all processes).',
    labelNames: ['pipeline', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await db
        .query<{ pipeline: string; state: string; n: number }>(`SELECT pipeline, state, count(*)::int AS n FROM ${RUNS_TABLE} GROUP BY 1, 2`)
        .catch(() => []);
      for (const c of counts) this.set({ pipeline: c.pipeline, state: c.state }, Number(c.n));
    },
  });
  new Gauge({
    name: 'meshgate_pipeline_units',
    help: 'Pipeline units (a step over a partition) by state (all processes): QUEUED is the queue depth.',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await db.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM ${STEP_RUNS_TABLE} GROUP BY 1`).catch(() => []);
      for (const c of counts) this.set({ state: c.state }, Number(c.n));
    },
  });
  new Gauge({
    name: 'meshgate_pipeline_oldest_queued_seconds',
    help: 'Age of the oldest queued unit (since its run was created), 0 when none waits.',
    registers: [registry],
    async collect() {
      const [row] = await db
        .query<{ age: number | null }>(
          `SELECT extract(epoch FROM now() - min(r.created_at))::float8 AS age
         FROM ${STEP_RUNS_TABLE} s JOIN ${RUNS_TABLE} r ON r.id = s.run_id WHERE s.state = 'QUEUED'`,
        )
        .catch(() => [{ age: null }]);
      this.set(Number(row?.age ?? 0));
    },
  });
}
