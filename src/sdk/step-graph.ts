/**
 * The step graph of one pipeline: an edge from each step to the steps it
 * reads (`{ step }` inputs of this pipeline) or lists in `dependsOn`.
 */
import type { DataProductDescriptor } from './descriptor-types.ts';
import type { PipelineDescriptor } from './pipeline-types.ts';

export function stepDependencies(pipeline: PipelineDescriptor, step: string): string[] {
  const def = pipeline.steps[step]!;
  const read = Object.values(def.inputs).flatMap((input) => ('step' in input && !input.step.includes('.') ? [input.step] : []));
  return [...new Set([...read, ...(def.dependsOn ?? [])])].filter((name) => Object.hasOwn(pipeline.steps, name));
}

/** The first cycle found, as `[a, b, a]`, or undefined. */
export function stepCycle(pipeline: PipelineDescriptor): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (step: string): string[] | undefined => {
    if (state.get(step) === 'done') return undefined;
    if (state.get(step) === 'visiting') return [...stack.slice(stack.indexOf(step)), step];
    state.set(step, 'visiting');
    stack.push(step);
    for (const dep of stepDependencies(pipeline, step)) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(step, 'done');
    return undefined;
  };
  for (const step of Object.keys(pipeline.steps)) {
    const cycle = visit(step);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Steps in an order where every step comes after the steps it depends on (the graph has no cycle). */
export function stepOrder(pipeline: PipelineDescriptor): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (step: string): void => {
    if (seen.has(step)) return;
    seen.add(step);
    for (const dep of stepDependencies(pipeline, step)) visit(dep);
    order.push(step);
  };
  for (const step of Object.keys(pipeline.steps)) visit(step);
  return order;
}

/**
 * A cycle across pipelines and domains (`a.p.x` reads `b.q.y`, which reads
 * `a.p.x`), as `[id, …, id]` of `domain.pipeline.step`, or undefined.
 */
export function meshStepCycle(products: readonly DataProductDescriptor[]): string[] | undefined {
  const edges = new Map<string, string[]>();
  for (const product of products) {
    for (const [pipelineName, pipeline] of Object.entries(product.pipelines ?? {})) {
      for (const [stepName, step] of Object.entries(pipeline.steps)) {
        const upstream = Object.values(step.inputs).flatMap((input) => {
          if (!('step' in input)) return [];
          const parts = input.step.split('.');
          return [parts.length === 1 ? `${product.name}.${pipelineName}.${input.step}` : input.step];
        });
        const ordered = (step.dependsOn ?? []).map((dep) => `${product.name}.${pipelineName}.${dep}`);
        edges.set(`${product.name}.${pipelineName}.${stepName}`, [...upstream, ...ordered]);
      }
    }
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done' || !edges.has(id)) return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of edges.get(id)!) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}
