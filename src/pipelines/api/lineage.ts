/**
 * The asset graph of the mesh's pipelines: each step is an edge from every
 * asset it reads to the asset it writes. Pure: built from the pipeline
 * catalog, walked breadth-first from one asset.
 */
import type { PipelineInfo } from './types.ts';

export type LineageDirection = 'UPSTREAM' | 'DOWNSTREAM' | 'BOTH';

export interface LineageEdge {
  from: string;
  to: string;
  step: string;
  fields: { field: string; from: string[] }[];
}

export interface LineageNode {
  asset: string;
  domain: string;
  kind: 'dataset' | 'entity';
}

export interface LineageGraph {
  nodes: LineageNode[];
  edges: LineageEdge[];
}

/** Every edge of the mesh: one per (step, input asset). */
export function lineageEdges(pipelines: readonly PipelineInfo[]): LineageEdge[] {
  return pipelines.flatMap((pipeline) =>
    pipeline.steps.flatMap((step) =>
      step.inputs.map((input) => ({
        from: input,
        to: step.output,
        step: `${pipeline.id}.${step.name}`,
        fields: step.fieldLineage.filter((f) => f.from.some((source) => source.startsWith(`${input}.`))),
      })),
    ),
  );
}

/** The part of the graph reachable from `asset` in `direction`; the asset itself is always a node. */
export function lineageOf(asset: string, direction: LineageDirection, edges: readonly LineageEdge[]): LineageGraph {
  const kept = new Set<LineageEdge>();
  const walk = (forward: boolean) => {
    const seen = new Set([asset]);
    const queue = [asset];
    while (queue.length > 0) {
      const current = queue.shift() as string;
      for (const edge of edges) {
        if ((forward ? edge.from : edge.to) !== current) continue;
        kept.add(edge);
        const next = forward ? edge.to : edge.from;
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  };
  if (direction !== 'UPSTREAM') walk(true);
  if (direction !== 'DOWNSTREAM') walk(false);
  const assets = new Set([asset, ...[...kept].flatMap((e) => [e.from, e.to])]);
  return { nodes: [...assets].sort().map(assetNode), edges: [...kept] };
}

/** `<domain>.lake.<dataset>` is a dataset, `<domain>.<Entity>` an entity. */
export function assetNode(asset: string): LineageNode {
  const [domain = '', second] = asset.split('.');
  return { asset, domain, kind: second === 'lake' ? 'dataset' : 'entity' };
}
