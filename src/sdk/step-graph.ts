/**
 * The step graph of one pipeline: an edge from each step to the steps it
 * reads (`{ step }` inputs of this pipeline) or lists in `dependsOn`.
 */
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
