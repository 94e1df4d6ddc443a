/**
 * The pipelines engine: runs, retries, backfills and landed-partition runs
 * become rows and queue jobs; workers (any number of processes, on PGlite or
 * PostgreSQL through pg-boss) run the units through the caller's executor.
 */
import type { PgBoss } from 'pg-boss';
import type { Logger } from '../../observability/index.ts';
import type { PlatformDatabase } from '../../sources/index.ts';
import { buildGraph, sortUnits, type PipelineGraph } from './dag.ts';
import { advanceRun, lockRun, type DispatchContext } from './dispatch.ts';
import { badPipelineInput, runNotFound } from './errors.ts';
import { planBackfill, planLanded, planRetry, planRun, resolvePipeline } from './planning.ts';
import { STEP_QUEUE, checkTiming, createBoss, prepareQueues, type BossConnection, type QueueTiming } from './queue.ts';
import { registerSchedules, scheduledRun } from './schedules.ts';
import { ensurePipelineTables } from './schema.ts';
import { insertRun, isUuid, listRuns, loadRun, type NewRun } from './store.ts';
import type { EnginePipeline, PipelineEngine, PipelineRun, RunPlan, RunUpdate, StepExecutor } from './types.ts';
import { cancelRunUnits, type RunChange } from './unit.ts';
import { abortRun, consumeQueues, type WorkerContext } from './worker.ts';

/** The channel run changes are announced on (payload: `RunUpdate` as JSON). */
export const RUNS_CHANNEL = 'meshgate_pipeline_runs';

export interface PipelineEngineOptions {
  db: PlatformDatabase;
  boss: BossConnection;
  pipelines: EnginePipeline[];
  execute: StepExecutor;
  logger: Logger;
  /** A unit whose worker sent no heartbeat for this long goes to another worker (>= 10, default 30). */
  expireSeconds?: number;
  /** Idle workers poll this often; running attempts write progress and check for a cancel this often (default 2). */
  pollSeconds?: number;
  /** How often schedules are checked, 1 to 45 (default 30). */
  scheduleCheckSeconds?: number;
  /** How long stop() lets running attempts finish before releasing them (default 30). */
  stopTimeoutSeconds?: number;
}

export function createPipelineEngine(options: PipelineEngineOptions): PipelineEngine {
  const { db, logger } = options;
  const timing: QueueTiming = {
    expireSeconds: options.expireSeconds ?? 30,
    pollSeconds: options.pollSeconds ?? 2,
    scheduleCheckSeconds: options.scheduleCheckSeconds ?? 30,
  };
  checkTiming(timing);
  const graphs = new Map<string, PipelineGraph>(options.pipelines.map((pipeline) => [pipeline.id, buildGraph(pipeline)]));
  const boss: PgBoss = createBoss(options.boss, timing, logger);
  const dispatch: DispatchContext = { boss, timing, graphs };
  const running = new Map<string, Set<AbortController>>();
  let stopping = false;
  let unlisten: (() => Promise<void>) | null = null;

  const announce = async (change: RunChange | null): Promise<void> => {
    if (change) await db.notify(RUNS_CHANNEL, JSON.stringify(change)).catch((error) => logger.warn({ err: error }, 'pipeline run change not announced'));
  };
  const worker: WorkerContext = {
    ...dispatch,
    db,
    logger,
    execute: options.execute,
    announce,
    running,
    handling: new Set(),
    isStopping: () => stopping,
    reportIntervalMs: timing.pollSeconds * 1000,
  };

  const createRun = (plan: NewRun) => insertAndDispatch(db, dispatch, announce, plan);
  const runOrPlan = async (plan: NewRun, dryRun: boolean | undefined): Promise<PipelineRun | RunPlan> =>
    dryRun ? { pipeline: plan.pipeline, units: sortUnits(graphs.get(plan.pipeline) as PipelineGraph, plan.units) } : ((await createRun(plan)) as PipelineRun);
  const startWorkers = async (concurrency: number): Promise<void> => {
    await consumeQueues(boss, worker, concurrency, async (job) => {
      const plan = scheduledRun(graphs, job);
      if (plan) await createRun(plan);
    });
    unlisten = await db.listen(RUNS_CHANNEL, (payload) => {
      const update = parseUpdate(payload);
      if (update?.state === 'CANCELLED') abortRun(running, update.id);
    });
  };

  return {
    async start(startOptions = {}) {
      await ensurePipelineTables(db);
      await boss.start();
      await prepareQueues(boss);
      await registerSchedules(boss, graphs);
      if (startOptions.worker ?? true) await startWorkers(startOptions.concurrency ?? 2);
    },
    async stop() {
      stopping = true;
      await boss.stop({ graceful: true, timeout: (options.stopTimeoutSeconds ?? 30) * 1000 });
      // pg-boss aborts handlers still running at the timeout; their units are written back (released) before stop() resolves.
      await Promise.allSettled([...worker.handling]);
      await unlisten?.();
      unlisten = null;
    },
    run: async (request) => runOrPlan(planRun(graphs, request, new Date()), request.dryRun),
    async retry(runId, request) {
      const parent = await loadRun(db, runId);
      if (!parent) throw runNotFound(runId);
      const graph = resolvePipeline(graphs, parent.pipeline);
      return runOrPlan(planRetry(graph, parent, request), request.dryRun);
    },
    async cancel(runId, by) {
      if (!isUuid(runId)) throw runNotFound(runId);
      const { change, jobIds } = await db.transaction((tx) => cancelRunUnits(tx, runId, by ?? null));
      await announce(change);
      abortRun(running, runId);
      // Queued jobs would only find their unit cancelled; cancelling them spares the fetch, and a running one's heartbeat then aborts it too.
      if (jobIds.length > 0) await boss.cancel(STEP_QUEUE, jobIds).catch((error) => logger.warn({ err: error }, 'pipeline jobs not cancelled'));
      return (await loadRun(db, runId)) as PipelineRun;
    },
    backfill: async (request) => runOrPlan(await planBackfill(db, graphs, request), request.dryRun),
    async partitionLanded(dataset, partition) {
      if (!/^[^.\s]+\.[^.\s]+$/.test(dataset)) throw badPipelineInput(`Bad dataset id ${JSON.stringify(dataset)}: 'domain.dataset'.`, 'dataset');
      const runs: PipelineRun[] = [];
      for (const plan of planLanded(graphs, dataset, partition)) runs.push((await createRun(plan)) as PipelineRun);
      return runs;
    },
    getRun: (id) => loadRun(db, id),
    listRuns: (query) => listRuns(db, query),
    async onRunUpdate(listener) {
      return db.listen(RUNS_CHANNEL, (payload) => {
        const update = parseUpdate(payload);
        if (update) listener(update);
      });
    },
  };
}

/** Inserts the run and its units and sends the jobs of the units that can start, in one transaction; null for a duplicate (dedupe key). */
async function insertAndDispatch(
  db: PlatformDatabase,
  dispatch: DispatchContext,
  announce: (change: RunChange) => Promise<void>,
  plan: NewRun,
): Promise<PipelineRun | null> {
  const id = await db.transaction(async (tx) => {
    const runId = await insertRun(tx, plan);
    const run = runId === null ? null : await lockRun(tx, runId);
    if (run) await advanceRun(tx, dispatch, run);
    return runId;
  });
  if (id === null) return null;
  const run = (await loadRun(db, id)) as PipelineRun;
  await announce({ id, pipeline: run.pipeline, state: run.state });
  return run;
}

function parseUpdate(payload: string): RunUpdate | null {
  try {
    const value = JSON.parse(payload) as RunUpdate;
    return typeof value?.id === 'string' && typeof value.state === 'string' ? { id: value.id, pipeline: value.pipeline, state: value.state } : null;
  } catch {
    return null;
  }
}
