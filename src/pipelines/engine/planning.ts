/**
 * From a request (run, retry, backfill, landed partition) to the units a new
 * run holds, refusing bad input before anything is written.
 */
import type { SqlQueryable } from '../../sources/index.ts';
import { checkSteps, closure, stepsInScope, unitsOf, type PipelineGraph } from './dag.ts';
import { badPipelineInput } from './errors.ts';
import { checkPartitions, closedPartition, partitionRange, partitionStart } from './partitions.ts';
import { latestUnitStates, type NewRun } from './store.ts';
import type { BackfillRequest, PipelineRun, RetryRequest, RunRequest, Unit } from './types.ts';

/** The default and the largest concurrency of a backfill. */
export const DEFAULT_BACKFILL_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 256;

export function resolvePipeline(graphs: ReadonlyMap<string, PipelineGraph>, id: string): PipelineGraph {
  const graph = graphs.get(id);
  if (graph) return graph;
  const known = [...graphs.keys()].sort();
  throw badPipelineInput(`Unknown pipeline ${JSON.stringify(id)}; the pipelines: ${known.length > 0 ? known.join(', ') : '(none)'}.`, 'pipeline');
}

const allSteps = (graph: PipelineGraph): Set<string> => new Set(graph.order);

export function planRun(graphs: ReadonlyMap<string, PipelineGraph>, request: RunRequest, now: Date): NewRun {
  const graph = resolvePipeline(graphs, request.pipeline);
  const { partitioning } = graph.pipeline;
  const partitions =
    request.partitions === undefined && partitioning !== 'none'
      ? [closedPartition(partitioning, now)]
      : checkPartitions(partitioning, request.partitions ?? [], 'partitions');
  const steps = request.steps === undefined ? allSteps(graph) : new Set(checkSteps(graph, request.steps, 'steps'));
  return newRun(graph, request, partitions, unitsOf(graph, steps, partitions), null, null);
}

export function planRetry(graph: PipelineGraph, parent: PipelineRun, request: RetryRequest): NewRun {
  let partitions = parent.partitions;
  if (request.partitions !== undefined) {
    const chosen = new Set(checkPartitions(graph.pipeline.partitioning, request.partitions, 'partitions'));
    const outside = [...chosen].filter((p) => !partitions.includes(p));
    if (outside.length > 0) throw badPipelineInput(`Partition ${outside[0]} is not one of the run's (${partitions.join(', ')}).`, 'partitions');
    partitions = partitions.filter((p) => chosen.has(p));
  }
  let units: Unit[];
  if (request.scope === 'FAILED') {
    if (request.steps !== undefined) checkSteps(graph, request.steps, 'steps');
    const only = request.steps === undefined ? null : new Set(request.steps);
    const broken = new Set(
      parent.steps
        .filter((s) => s.state === 'FAILED' || s.state === 'SKIPPED' || s.state === 'CANCELLED')
        .filter((s) => only === null || only.has(s.step))
        .map((s) => `${s.step}\u0000${s.partition}`),
    );
    units = unitsOf(graph, allSteps(graph), partitions).filter((u) => broken.has(`${u.step}\u0000${u.partition}`));
  } else {
    if (request.steps === undefined) throw badPipelineInput(`Scope ${request.scope} re-runs chosen steps: name them.`, 'steps');
    units = unitsOf(graph, stepsInScope(graph, request.scope, checkSteps(graph, request.steps, 'steps')), partitions);
  }
  if (units.length === 0) throw badPipelineInput(`Nothing to retry: run ${parent.id} has no unit in that scope.`, 'scope');
  return newRun(graph, { trigger: request.trigger, params: parent.params }, partitions, units, parent.concurrency, parent.id);
}

export async function planBackfill(q: SqlQueryable, graphs: ReadonlyMap<string, PipelineGraph>, request: BackfillRequest): Promise<NewRun> {
  const graph = resolvePipeline(graphs, request.pipeline);
  const concurrency = request.concurrency ?? DEFAULT_BACKFILL_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw badPipelineInput(`concurrency must be an integer from 1 to ${MAX_CONCURRENCY}.`, 'concurrency');
  }
  const partitions = partitionRange(graph.pipeline.partitioning, request.from, request.to);
  let units = unitsOf(graph, allSteps(graph), partitions);
  if (request.onlyFailedOrMissing) {
    // Per partition: the steps whose newest unit did not succeed (or that never ran), with their downstream.
    const latest = await latestUnitStates(q, graph.pipeline.id, partitions);
    const wanted = new Set(
      partitions.flatMap((partition) => {
        const missing = graph.order.filter((step) => latest.get(`${step}\u0000${partition}`) !== 'SUCCEEDED');
        return [...closure(graph.downstream, missing)].map((step) => `${step}\u0000${partition}`);
      }),
    );
    units = units.filter((u) => wanted.has(`${u.step}\u0000${u.partition}`));
  }
  const kept = partitions.filter((p) => units.some((u) => u.partition === p));
  return newRun(graph, request, kept, units, concurrency, null);
}

/** One run per pipeline with a step reading `dataset`: those steps and their downstream, for `partition`. */
export function planLanded(graphs: ReadonlyMap<string, PipelineGraph>, dataset: string, partition: string): NewRun[] {
  const plans: NewRun[] = [];
  for (const graph of graphs.values()) {
    const readers = graph.pipeline.steps.filter((step) => step.readsDatasets.includes(dataset)).map((step) => step.name);
    if (readers.length === 0) continue;
    const { partitioning } = graph.pipeline;
    if (partitioning !== 'none' && partitionStart(partitioning, partition) === null) {
      // A day partition landing can feed an hour pipeline only hour by hour: each pipeline takes partitions of its own grain.
      throw badPipelineInput(`Bad partition ${JSON.stringify(partition)} for pipeline ${graph.pipeline.id} (${partitioning} partitions).`, 'partition');
    }
    const partitions = partitioning === 'none' ? [null] : [partition];
    plans.push(newRun(graph, { trigger: { kind: 'partition' } }, partitions, unitsOf(graph, closure(graph.downstream, readers), partitions), null, null));
  }
  return plans;
}

function newRun(
  graph: PipelineGraph,
  request: { trigger: NewRun['trigger']; params?: unknown },
  partitions: (string | null)[],
  units: Unit[],
  concurrency: number | null,
  parentRunId: string | null,
): NewRun {
  return { pipeline: graph.pipeline.id, trigger: request.trigger, partitions, params: request.params ?? null, concurrency, parentRunId, units };
}
