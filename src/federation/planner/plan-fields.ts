import { Kind, type SelectionSetNode } from 'graphql';
import { PlanError } from '../errors.ts';
import type { CompositeTypeModel, FieldModel, KeyModel, SupergraphModel } from '../supergraph/index.ts';
import { addFetchField, emptySelection, fragmentFor, mergeSelectionInto, type FetchSelection } from './fetch-selection.ts';
import type { NormalizedField, NormalizedSelection } from './operation-types.ts';
import type { FetchBuilder, PathStep } from './plan-types.ts';
import { fieldSetToFetchSelection, fieldSetToNormalized } from './field-sets.ts';

export interface PlanningContext {
  model: SupergraphModel;
  builders: FetchBuilder[];
  entityFetches: Map<string, FetchBuilder>;
}

/** Where planning stands: an object of `typeName` at `path`, resolved by `fetch` in `subgraph`, its fields going into `target`. */
export interface Scope {
  fetch: FetchBuilder;
  subgraph: string;
  typeName: string;
  path: PathStep[];
  target: FetchSelection;
  /** @provides selection in effect for this object (makes those @external fields resolvable here). */
  provided: SelectionSetNode | null;
  /** Runtime type filter for path steps below this object (set under abstract types). */
  parentFilter: string | null;
  /** Collects every fetch that receives fields (to know what @requires and keys depend on). */
  touched: Set<FetchBuilder> | null;
}

const typenameField = { responseKey: '__typename', name: '__typename', args: [], argsKey: '' };

export function planFields(ctx: PlanningContext, scope: Scope, fields: NormalizedField[]): void {
  const type = ctx.model.types.get(scope.typeName);
  for (const field of fields) {
    if (field.name === '__typename') continue; // answered by the response shaper
    const model = type?.fields.get(field.name);
    if (!type || !model) throw new PlanError('UNPLANNABLE_FIELD', `Field "${scope.typeName}.${field.name}" is not in the supergraph`);
    if (resolvableHere(type, model, scope)) planLocalField(ctx, scope, field, model);
    else planEntityField(ctx, scope, type, field, model);
  }
}

function resolvableHere(type: CompositeTypeModel, model: FieldModel, scope: Scope): boolean {
  if (model.requires.has(scope.subgraph)) return false;
  if (model.resolvableIn.has(scope.subgraph)) return true;
  if (!model.externalIn.has(scope.subgraph)) return false;
  return providedHas(scope.provided, scope.typeName, model.name) || isKeyField(type.keys.get(scope.subgraph), model.name);
}

function planLocalField(ctx: PlanningContext, scope: Scope, field: NormalizedField, model: FieldModel) {
  const fetchField = addFetchField(scope.target, field, field.selection !== null);
  scope.touched?.add(scope.fetch);
  if (!field.selection) return;
  const provided = model.provides.get(scope.subgraph) ?? providedChild(scope.provided, scope.typeName, field.name);
  const child = { ...scope, path: childPath(scope, field), target: fetchField.selection!, provided, parentFilter: null };
  planSelection(ctx, child, field.selection);
}

function planEntityField(ctx: PlanningContext, scope: Scope, type: CompositeTypeModel, field: NormalizedField, model: FieldModel) {
  const candidates = [...model.resolvableIn].filter((g) => type.keys.get(g)?.some((k) => k.resolvable));
  if (!candidates.length) {
    throw new PlanError(
      'UNPLANNABLE_FIELD',
      `Field "${type.name}.${field.name}" cannot be reached from subgraph "${scope.subgraph}": no subgraph resolving it has a resolvable @key on "${type.name}"`,
    );
  }
  const subgraph = candidates.find((g) => ctx.entityFetches.has(entityFetchKey(scope, g))) ?? candidates[0];
  const builder = entityFetch(ctx, scope, type, subgraph);
  const requires = model.requires.get(subgraph);
  if (requires) addRequirement(ctx, scope, builder, requires);
  const fetchField = addFetchField(builder.selection, field, field.selection !== null);
  scope.touched?.add(builder);
  if (!field.selection) return;
  const child: Scope = {
    fetch: builder,
    subgraph,
    typeName: type.name,
    path: childPath(scope, field),
    target: fetchField.selection!,
    provided: model.provides.get(subgraph) ?? null,
    parentFilter: null,
    touched: scope.touched,
  };
  planSelection(ctx, child, field.selection);
}

/** Plans a field's sub-selection; under an abstract type each possible object type gets its own inline fragment. */
function planSelection(ctx: PlanningContext, scope: Scope, selection: NormalizedSelection) {
  if (selection.kind === 'object') {
    planFields(ctx, { ...scope, typeName: selection.typeName }, selection.fields);
    return;
  }
  addFetchField(scope.target, typenameField, false);
  const members = ctx.model.types.get(selection.typeName)?.membersIn.get(scope.subgraph);
  for (const [objectType, fields] of selection.byType) {
    const canReturn = members ? members.has(objectType) : ctx.model.types.get(objectType)?.subgraphs.has(scope.subgraph);
    if (!canReturn || fields.every((f) => f.name === '__typename')) continue;
    const target = fragmentFor(scope.target, objectType);
    planFields(ctx, { ...scope, typeName: objectType, target, parentFilter: objectType }, fields);
  }
}

function childPath(scope: Scope, field: NormalizedField): PathStep[] {
  return [...scope.path, { key: field.responseKey, onType: scope.parentFilter }];
}

function entityFetchKey(scope: Scope, subgraph: string): string {
  const path = scope.path.map((s) => (s.onType ? `${s.onType}:${s.key}` : s.key)).join('.');
  return `${scope.fetch.id}|${path}|${scope.typeName}|${subgraph}`;
}

/** Finds or creates the `_entities` fetch for objects at this scope, adding `__typename` and key fields to the parent fetch. */
function entityFetch(ctx: PlanningContext, scope: Scope, type: CompositeTypeModel, subgraph: string): FetchBuilder {
  const key = entityFetchKey(scope, subgraph);
  const existing = ctx.entityFetches.get(key);
  if (existing) return existing;
  const keyModel = chooseKey(type, subgraph, scope.subgraph);
  const builder: FetchBuilder = {
    id: ctx.builders.length,
    subgraph,
    kind: 'entity',
    operation: 'query',
    selection: emptySelection(),
    path: scope.path,
    typeName: type.name,
    representation: emptySelection(),
    deps: new Set([scope.fetch]),
  };
  ctx.builders.push(builder);
  ctx.entityFetches.set(key, builder);
  addFetchField(scope.target, typenameField, false);
  addRequirement(ctx, scope, builder, keyModel.selection);
  return builder;
}

/** Makes the parent data carry `fields` (planning them like client fields) and puts them in the representation. */
function addRequirement(ctx: PlanningContext, scope: Scope, builder: FetchBuilder, fields: SelectionSetNode) {
  const touched = new Set<FetchBuilder>();
  planFields(ctx, { ...scope, touched }, fieldSetToNormalized(ctx.model, scope.typeName, fields));
  touched.delete(builder);
  for (const t of touched) builder.deps.add(t);
  mergeSelectionInto(builder.representation, fieldSetToFetchSelection(fields));
}

/** Prefers a key the current subgraph can provide directly. */
function chooseKey(type: CompositeTypeModel, target: string, current: string): KeyModel {
  const keys = (type.keys.get(target) ?? []).filter((k) => k.resolvable);
  const direct = keys.find((k) =>
    k.selection.selections.every(
      (s) => s.kind === Kind.FIELD && (type.fields.get(s.name.value)?.resolvableIn.has(current) || isKeyField(type.keys.get(current), s.name.value)),
    ),
  );
  return direct ?? keys[0];
}

function isKeyField(keys: KeyModel[] | undefined, name: string): boolean {
  return keys?.some((k) => k.selection.selections.some((s) => s.kind === Kind.FIELD && s.name.value === name)) ?? false;
}

function providedHas(provided: SelectionSetNode | null, typeName: string, fieldName: string): boolean {
  return providedChild(provided, typeName, fieldName, true) !== null;
}

function providedChild(provided: SelectionSetNode | null, typeName: string, fieldName: string, presence = false): SelectionSetNode | null {
  if (!provided) return null;
  for (const s of provided.selections) {
    if (s.kind === Kind.FIELD && s.name.value === fieldName) return s.selectionSet ?? (presence ? provided : null);
    if (s.kind === Kind.INLINE_FRAGMENT && (!s.typeCondition || s.typeCondition.name.value === typeName)) {
      const found = providedChild(s.selectionSet, typeName, fieldName, presence);
      if (found) return found;
    }
  }
  return null;
}
