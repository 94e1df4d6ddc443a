import { parse } from 'graphql';
import { canMergeSelections, cloneSelection, collectVariables, mergeSelectionInto, printSelection, type FetchSelection } from './fetch-selection.ts';
import type { NormalizedOperation } from './operation-types.ts';
import type { CompiledPlan, EntityTarget, ExecutableFetch, FetchBuilder, PlanNode, RepresentationShape } from './plan-types.ts';

/** An entity fetch being merged: same subgraph, same wave, one `... on Type` fragment per entity type. */
interface EntityGroup {
  subgraph: string;
  byType: Map<string, FetchSelection>;
  targets: EntityTarget[];
}

/**
 * Orders fetches into waves by dependency depth and merges the `_entities` fetches of one wave that go to the same
 * subgraph into a single call (fewer round trips, and representations deduplicated across paths).
 */
export function compilePlan(operation: NormalizedOperation, builders: FetchBuilder[]): CompiledPlan {
  const levels = new Map<FetchBuilder, number>();
  const levelOf = (b: FetchBuilder): number => {
    let level = levels.get(b);
    if (level === undefined) {
      level = b.deps.size ? 1 + Math.max(...[...b.deps].map(levelOf)) : 0;
      levels.set(b, level);
    }
    return level;
  };
  builders.forEach(levelOf);
  delaySinksToMerge(builders, levels);
  const byLevel: FetchBuilder[][] = [];
  for (const b of builders) {
    const level = levels.get(b)!;
    let wave = byLevel[level];
    if (!wave) {
      wave = [];
      byLevel[level] = wave;
    }
    wave.push(b);
  }
  const waves = byLevel.filter(Boolean).map((wave) => compileWave(operation, wave));
  return { operation, waves, queryPlan: { kind: 'QueryPlan', node: describe(waves) } };
}

/**
 * An entity fetch nothing depends on may run in any later wave without lengthening the plan: move it to the last
 * wave that already calls the same subgraph, so the two become one call.
 */
function delaySinksToMerge(builders: FetchBuilder[], levels: Map<FetchBuilder, number>) {
  const hasDependents = new Set<FetchBuilder>();
  for (const b of builders) for (const d of b.deps) hasDependents.add(d);
  const lastLevel = new Map<string, number>();
  for (const b of builders) if (b.kind === 'entity') lastLevel.set(b.subgraph, Math.max(lastLevel.get(b.subgraph) ?? 0, levels.get(b)!));
  for (const b of builders) {
    if (b.kind === 'entity' && !hasDependents.has(b)) levels.set(b, lastLevel.get(b.subgraph)!);
  }
}

function compileWave(operation: NormalizedOperation, wave: FetchBuilder[]): ExecutableFetch[] {
  const fetches: ExecutableFetch[] = [];
  const groups: EntityGroup[] = [];
  for (const builder of wave) {
    if (builder.kind === 'entity') addToGroup(groups, builder);
    else fetches.push(rootFetch(operation, builder));
  }
  return [...fetches, ...groups.map((g) => entityFetch(operation, g))];
}

function addToGroup(groups: EntityGroup[], builder: FetchBuilder) {
  const fits = (g: EntityGroup) => {
    const existing = g.byType.get(builder.typeName);
    return g.subgraph === builder.subgraph && (!existing || canMergeSelections(existing, builder.selection));
  };
  let group = groups.find(fits);
  if (!group) {
    group = { subgraph: builder.subgraph, byType: new Map(), targets: [] };
    groups.push(group);
  }
  const existing = group.byType.get(builder.typeName);
  if (existing) mergeSelectionInto(existing, builder.selection);
  else group.byType.set(builder.typeName, cloneSelection(builder.selection));
  const representation = representationShape(builder.representation);
  const signature = `${builder.typeName}(${JSON.stringify(representation)})`;
  group.targets.push({ path: builder.path, typeName: builder.typeName, representation, signature });
}

function rootFetch(operation: NormalizedOperation, builder: FetchBuilder): ExecutableFetch {
  const variableNames = [...collectVariables(builder.selection, new Set())];
  const definitions = variableNames.map((name) => operation.variableDefinitions.get(name)).filter(Boolean);
  const header = definitions.length ? `${builder.operation}(${definitions.join(',')})` : builder.operation === 'query' ? '' : builder.operation;
  const query = `${header}${printSelection(builder.selection)}`;
  return { kind: 'root', subgraph: builder.subgraph, query, document: parse(query, { noLocation: true }), variableNames };
}

function entityFetch(operation: NormalizedOperation, group: EntityGroup): ExecutableFetch {
  const variables = new Set<string>();
  for (const selection of group.byType.values()) collectVariables(selection, variables);
  const variableNames = [...variables];
  const definitions = ['$representations:[_Any!]!', ...variableNames.map((name) => operation.variableDefinitions.get(name))];
  const fragments = [...group.byType].map(([typeName, selection]) => `...on ${typeName}${printSelection(selection)}`);
  const query = `query(${definitions.join(',')}){_entities(representations:$representations){${fragments.join(' ')}}}`;
  return { kind: 'entity', subgraph: group.subgraph, query, document: parse(query, { noLocation: true }), variableNames, targets: group.targets };
}

function representationShape(selection: FetchSelection): RepresentationShape {
  const fields = [...selection.fields.values()].map((f) => ({ name: f.name, sub: f.selection ? representationShape(f.selection) : null }));
  return { fields };
}

function describe(waves: ExecutableFetch[][]): PlanNode | null {
  const nodes: PlanNode[] = waves.map((wave) => (wave.length === 1 ? describeFetch(wave[0]) : { kind: 'Parallel', nodes: wave.map(describeFetch) }));
  if (!nodes.length) return null;
  return nodes.length === 1 ? nodes[0] : { kind: 'Sequence', nodes };
}

function describeFetch(fetch: ExecutableFetch): PlanNode {
  const base = { kind: 'Fetch' as const, subgraph: fetch.subgraph, operation: fetch.query, variableUsages: fetch.variableNames };
  if (fetch.kind === 'root') return base;
  const entities = fetch.targets.map((t) => ({ path: t.path.map((s) => (s.onType ? `${s.key}|[${s.onType}]` : s.key)).join('.'), typeName: t.typeName }));
  return { ...base, entities };
}
