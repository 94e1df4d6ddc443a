/**
 * The DAG of a pipeline's steps: its checks, up- and downstream closures, and
 * the units (step × partition) a run, a retry or a backfill covers. Pure.
 */
import { ConfigError } from '../../common/index.ts';
import { badPipelineInput } from './errors.ts';
import type { EnginePipeline, RetryScope, Unit } from './types.ts';

/** A pipeline with its steps in topological order and the edges both ways. */
export interface PipelineGraph {
  pipeline: EnginePipeline;
  /** Step names, each after all of its upstream. */
  order: string[];
  upstream: Map<string, string[]>;
  downstream: Map<string, string[]>;
}

export function buildGraph(pipeline: EnginePipeline): PipelineGraph {
  const where = `pipeline ${pipeline.id}`;
  if (!Number.isInteger(pipeline.maxAttempts) || pipeline.maxAttempts < 1) throw new ConfigError(where, 'maxAttempts must be an integer >= 1');
  if (!(pipeline.backoffSeconds >= 0)) throw new ConfigError(where, 'backoffSeconds must be >= 0');
  if (pipeline.steps.length === 0) throw new ConfigError(where, 'needs at least one step');
  if (pipeline.schedule !== undefined && pipeline.schedule.trim().split(/\s+/).length !== 5) {
    throw new ConfigError(where, `schedule must be a 5-field cron expression (UTC), got "${pipeline.schedule}"`);
  }
  const upstream = new Map<string, string[]>();
  const downstream = new Map<string, string[]>();
  for (const step of pipeline.steps) {
    if (upstream.has(step.name)) throw new ConfigError(where, `step ${step.name} is defined twice`);
    upstream.set(step.name, [...step.dependsOn]);
    downstream.set(step.name, []);
  }
  for (const step of pipeline.steps) {
    for (const dependency of step.dependsOn) {
      const edges = downstream.get(dependency);
      if (!edges) throw new ConfigError(where, `step ${step.name} depends on unknown step ${dependency}`);
      edges.push(step.name);
    }
  }
  return { pipeline, order: topologicalOrder(where, upstream), upstream, downstream };
}

function topologicalOrder(where: string, upstream: Map<string, string[]>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new ConfigError(where, `the steps form a cycle (${[...path, name].join(' -> ')})`);
    state.set(name, 'visiting');
    for (const dependency of upstream.get(name) ?? []) visit(dependency, [...path, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of upstream.keys()) visit(name, []);
  return order;
}

/** `steps` with everything reachable along `edges`. */
export function closure(edges: Map<string, string[]>, steps: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...steps];
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...(edges.get(name) ?? []));
  }
  return seen;
}

/** Refuses an unknown step name, listing the pipeline's steps. */
export function checkSteps(graph: PipelineGraph, steps: readonly string[], argument: string): string[] {
  if (steps.length === 0) throw badPipelineInput('Name at least one step.', argument);
  for (const step of steps) {
    if (!graph.upstream.has(step)) {
      throw badPipelineInput(`Unknown step ${JSON.stringify(step)} of pipeline ${graph.pipeline.id}; its steps: ${graph.order.join(', ')}.`, argument);
    }
  }
  return [...new Set(steps)];
}

/** The steps a retry of scope `scope` re-runs, from the chosen ones (every scope but FAILED). */
export function stepsInScope(graph: PipelineGraph, scope: Exclude<RetryScope, 'FAILED'>, chosen: readonly string[]): Set<string> {
  const down = scope === 'DOWNSTREAM' || scope === 'BOTH' ? closure(graph.downstream, chosen) : new Set<string>();
  const up = scope === 'UPSTREAM' || scope === 'BOTH' ? closure(graph.upstream, chosen) : new Set<string>();
  return new Set([...chosen, ...down, ...up]);
}

/** Units of `steps` over `partitions`, partition by partition, steps in topological order. */
export function unitsOf(graph: PipelineGraph, steps: ReadonlySet<string>, partitions: readonly (string | null)[]): Unit[] {
  return partitions.flatMap((partition) => graph.order.filter((step) => steps.has(step)).map((step) => ({ step, partition })));
}

/** Sorts units partition by partition, steps in topological order. */
export function sortUnits(graph: PipelineGraph, units: readonly Unit[]): Unit[] {
  const rank = new Map(graph.order.map((step, i) => [step, i]));
  return [...units].sort((a, b) => (a.partition ?? '').localeCompare(b.partition ?? '') || (rank.get(a.step) ?? 0) - (rank.get(b.step) ?? 0));
}
