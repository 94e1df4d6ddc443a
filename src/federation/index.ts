// Public face of the federation engine: composition, subgraph building, clients, planning and execution.
export type { CompositionIssue, PlanErrorCode } from './errors.ts';
export type { SubgraphSource } from './composition/compose-supergraph.ts';
export type { SubgraphClient, SubgraphRequest, HttpSubgraphClientOptions } from './clients/index.ts';
export type { FederatedExecutor, FederatedExecutorOptions, FederatedExecuteArgs } from './federated-executor.ts';
export type { PlanNode, QueryPlan } from './planner/index.ts';
export type { SubgraphResolvers } from './subgraph/build-subgraph-schema.ts';
export { CompositionError, PlanError } from './errors.ts';
export { composeSupergraph } from './composition/compose-supergraph.ts';
export { createLocalSubgraphClient, createHttpSubgraphClient, createRenamingClient } from './clients/index.ts';
export { createFederatedExecutor, SERIALIZED_RESPONSE } from './federated-executor.ts';
export { federationSubgraphLink } from './subgraph/federation-definitions.ts';
export { buildSubgraphSchema } from './subgraph/build-subgraph-schema.ts';
export type { TypeRenames } from './composition/rename-types.ts';
export { renameSubgraphTypes, TypePrefixError } from './composition/rename-types.ts';
export type { CostEntry, CostEstimate, CostOptions, ListFieldRead } from './cost/index.ts';
export { estimateCost } from './cost/index.ts';
