export type { FieldCondition, NormalizedField, NormalizedOperation, NormalizedSelection } from './operation-types.ts';
export type { CompiledPlan, EntityTarget, ExecutableFetch, PathStep, PlanNode, QueryPlan, RepresentationShape } from './plan-types.ts';
export { INTROSPECTION_SUBGRAPH } from './plan-types.ts';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { SupergraphModel } from '../supergraph/index.ts';
import { compilePlan } from './compile-plan.ts';
import { normalizeOperation } from './normalize-operation.ts';
import { buildFetches } from './plan-operation.ts';
import type { CompiledPlan } from './plan-types.ts';

/** Normalises, plans and compiles one operation. Pure: call once per distinct document + operation name and cache. */
export function planOperation(model: SupergraphModel, apiSchema: GraphQLSchema, document: DocumentNode, operationName: string | null): CompiledPlan {
  const operation = normalizeOperation(apiSchema, document, operationName);
  return compilePlan(operation, buildFetches(model, operation));
}
