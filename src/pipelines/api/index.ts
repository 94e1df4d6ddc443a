/** The pipelines part of the platform subgraph: SDL, resolvers, lineage. */
export type { PipelineInfo, PipelineStepInfo } from './types.ts';
export type { LineageDirection, LineageEdge, LineageGraph, LineageNode } from './lineage.ts';
export type { PipelinesApiOptions } from './resolvers.ts';
export { pipelinesTypeDefs } from './sdl.ts';
export { pipelinesResolvers } from './resolvers.ts';
export { lineageEdges, lineageOf } from './lineage.ts';
export { pipelineSubject } from './types.ts';
export { noPipelineEngine } from './no-engine.ts';
export { pipelineRunSubscription } from './live.ts';
export { fieldSources, stepFieldLineage } from './field-lineage.ts';
