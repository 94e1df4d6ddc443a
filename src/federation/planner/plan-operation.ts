import { GraphQLError } from 'graphql';
import { PlanError } from '../errors.ts';
import type { SupergraphModel } from '../supergraph/index.ts';
import { addFetchField, emptySelection, fragmentFor, type FetchSelection } from './fetch-selection.ts';
import type { NormalizedField, NormalizedOperation, NormalizedSelection } from './operation-types.ts';
import { planFields, type PlanningContext, type Scope } from './plan-fields.ts';
import { INTROSPECTION_SUBGRAPH, type FetchBuilder } from './plan-types.ts';
import { assertNever } from '../../common/index.ts';

/** Builds the (unmerged) fetches of an operation: query root fields grouped by subgraph, mutation fields in order. */
export function buildFetches(model: SupergraphModel, operation: NormalizedOperation): FetchBuilder[] {
  const ctx: PlanningContext = { model, builders: [], entityFetches: new Map() };
  const fields = operation.root.fields.filter((f) => f.name !== '__typename');
  const introspection = fields.filter((f) => f.name.startsWith('__'));
  const planned = fields.filter((f) => !f.name.startsWith('__'));
  if (introspection.length) addIntrospectionFetch(ctx, introspection);
  switch (operation.operation) {
    case 'query':
      planQuery(ctx, operation.root.typeName, planned);
      break;
    case 'mutation':
      planMutation(ctx, operation.root.typeName, planned);
      break;
    case 'subscription':
      throw new GraphQLError('Subscriptions are not supported by the federated gateway.', { extensions: { code: 'BAD_USER_INPUT' } });
    default:
      assertNever(operation.operation, 'operation');
  }
  return ctx.builders;
}

function planQuery(ctx: PlanningContext, rootType: string, fields: NormalizedField[]) {
  const groups = new Map<string, NormalizedField[]>();
  for (const field of fields) {
    const candidates = rootFieldSubgraphs(ctx, rootType, field);
    const subgraph = candidates.find((g) => groups.has(g)) ?? candidates[0];
    const group = groups.get(subgraph) ?? [];
    group.push(field);
    groups.set(subgraph, group);
  }
  for (const [subgraph, group] of groups) planFields(ctx, rootScope(ctx, subgraph, rootType, 'query'), group);
}

/** Mutation root fields run strictly in order: one fetch per run of consecutive same-subgraph fields, after the previous run's whole subtree. */
function planMutation(ctx: PlanningContext, rootType: string, fields: NormalizedField[]) {
  let previousRun: FetchBuilder[] = [];
  let index = 0;
  while (index < fields.length) {
    const subgraph = rootFieldSubgraphs(ctx, rootType, fields[index])[0];
    let end = index + 1;
    while (end < fields.length && rootFieldSubgraphs(ctx, rootType, fields[end]).includes(subgraph)) end++;
    const firstBuilder = ctx.builders.length;
    const scope = rootScope(ctx, subgraph, rootType, 'mutation');
    for (const b of previousRun) scope.fetch.deps.add(b);
    planFields(ctx, scope, fields.slice(index, end));
    previousRun = ctx.builders.slice(firstBuilder);
    index = end;
  }
}

function rootFieldSubgraphs(ctx: PlanningContext, rootType: string, field: NormalizedField): string[] {
  const candidates = [...(ctx.model.types.get(rootType)?.fields.get(field.name)?.resolvableIn ?? [])];
  if (!candidates.length) throw new PlanError('UNPLANNABLE_FIELD', `Root field "${rootType}.${field.name}" is not resolvable by any subgraph`);
  return candidates;
}

function rootScope(ctx: PlanningContext, subgraph: string, rootType: string, operation: 'query' | 'mutation'): Scope {
  const fetch = newRootBuilder(ctx, subgraph, 'root', operation);
  return { fetch, subgraph, typeName: rootType, path: [], target: fetch.selection, provided: null, parentFilter: null, touched: null };
}

function newRootBuilder(ctx: PlanningContext, subgraph: string, kind: 'root' | 'introspection', operation: 'query' | 'mutation'): FetchBuilder {
  const builder: FetchBuilder = {
    id: ctx.builders.length,
    subgraph,
    kind,
    operation,
    selection: emptySelection(),
    path: [],
    typeName: '',
    representation: emptySelection(),
    deps: new Set(),
  };
  ctx.builders.push(builder);
  return builder;
}

/** `__schema` / `__type` are copied whole into one fetch answered locally from the API schema. */
function addIntrospectionFetch(ctx: PlanningContext, fields: NormalizedField[]) {
  const builder = newRootBuilder(ctx, INTROSPECTION_SUBGRAPH, 'introspection', 'query');
  copyFields(builder.selection, fields);
}

function copyFields(target: FetchSelection, fields: NormalizedField[]) {
  for (const field of fields) {
    const fetchField = addFetchField(target, field, field.selection !== null);
    if (field.selection) copySelection(fetchField.selection!, field.selection);
  }
}

function copySelection(target: FetchSelection, selection: NormalizedSelection) {
  if (selection.kind === 'object') return copyFields(target, selection.fields);
  addFetchField(target, { responseKey: '__typename', name: '__typename', args: [], argsKey: '' }, false);
  for (const [typeName, fields] of selection.byType) copyFields(fragmentFor(target, typeName), fields);
}
