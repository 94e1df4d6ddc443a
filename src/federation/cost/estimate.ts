/**
 * The data-aware cost of an operation, from the API schema and what the data
 * is, before anything runs. A request's cost is the rows it may touch:
 *
 * - a list read (a field with a `first` argument: a connection, a `many`
 *   relation, lake `records`) costs `first` rows (the default page size when
 *   absent, at most the maximum page size) per parent, lowered by `listRows`
 *   when the data is known to hold fewer (the lake's partition catalog for
 *   the requested time range); its selections run once per row, so costs
 *   multiply through nesting: 100 orders each with `items(first: 20)` is
 *   100 + 2,000;
 * - an entity (a type with an ID field) reached by key or by a `one`
 *   relation costs 1 per parent;
 * - a connection's own fields (`nodes`, `edges`, `node`, `pageInfo`) and a
 *   namespace (`commerce`, `lake`, a dataset) cost nothing;
 * - any other list of objects (platform metadata: `dataProducts`,
 *   `partitions`) costs 1 per parent and does not multiply, since it is
 *   served from descriptors or a catalog, not by reading rows;
 * - scalars and introspection cost nothing.
 *
 * Fragments are expanded where they are spread; validation has already
 * refused cycles and unknown fields.
 */
import { getNamedType, getNullableType, isCompositeType, isListType, isObjectType, isInterfaceType, isScalarType, valueFromAST } from 'graphql';
import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';

/** A list field about to be read, for `listRows`: its parent type, name and argument values. */
export interface ListFieldRead {
  parentType: string;
  fieldName: string;
  args: Readonly<Record<string, unknown>>;
}

export interface CostOptions {
  /** Rows of a list read without `first`. */
  defaultPageSize: number;
  /** The most rows one list read returns (`first` above it is refused later anyway). */
  maxPageSize: number;
  /** At most how many rows the data holds for this read, when known; undefined: `first` alone decides. */
  listRows?: (read: ListFieldRead) => Promise<number | undefined> | number | undefined;
}

/** One field path's share: how many rows it reads in all (per parent × parents) and its cost. */
export interface CostEntry {
  path: string;
  rows: number;
  cost: number;
}

export interface CostEstimate {
  total: number;
  /** Per response path with a cost, in document order; a path reached twice (two fragments) is summed. */
  breakdown: CostEntry[];
}

interface Walk {
  schema: GraphQLSchema;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Readonly<Record<string, unknown>>;
  options: CostOptions;
  entries: Map<string, CostEntry>;
}

/** The estimate of `operation` with its coerced `variables`; see the module comment for the rules. */
export async function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
  options: CostOptions,
): Promise<CostEstimate> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === 'FragmentDefinition') fragments.set(definition.name.value, definition);
  }
  const root = schema.getRootType(operation.operation);
  const walk: Walk = { schema, fragments, variables, options, entries: new Map() };
  if (root) await selections(walk, root, operation.selectionSet, 1, '');
  const breakdown = [...walk.entries.values()];
  return { total: breakdown.reduce((sum, entry) => sum + entry.cost, 0), breakdown };
}

async function selections(walk: Walk, parent: GraphQLCompositeType, set: SelectionSetNode, parents: number, path: string): Promise<void> {
  for (const selection of set.selections) {
    if (selection.kind === 'Field') {
      await field(walk, parent, selection, parents, path);
      continue;
    }
    const fragment = selection.kind === 'InlineFragment' ? selection : walk.fragments.get(selection.name.value);
    if (!fragment) continue;
    const condition = fragment.typeCondition ? walk.schema.getType(fragment.typeCondition.name.value) : parent;
    if (condition && isCompositeType(condition)) await selections(walk, condition, fragment.selectionSet, parents, path);
  }
}

async function field(walk: Walk, parent: GraphQLCompositeType, node: FieldNode, parents: number, path: string): Promise<void> {
  const name = node.name.value;
  if (name.startsWith('__') || !(isObjectType(parent) || isInterfaceType(parent))) return;
  const definition = parent.getFields()[name];
  if (!definition || !node.selectionSet) return;
  const target = getNamedType(definition.type);
  if (!isCompositeType(target)) return;
  const here = `${path}${path ? '.' : ''}${node.alias?.value ?? name}`;
  const { rows, each } = await readOf(walk, parent.name, definition, node);
  if (each > 0 && rows > 0) record(walk, here, parents * rows, parents * rows * each);
  await selections(walk, target, node.selectionSet, parents * (each === 0 ? 1 : rows), here);
}

/**
 * Rows one parent's read of this field touches, and what each costs (0 for
 * plumbing and namespaces, whose selections run once per parent).
 */
async function readOf(walk: Walk, parentType: string, definition: GraphQLField<unknown, unknown>, node: FieldNode): Promise<{ rows: number; each: number }> {
  if (definition.args.some((arg) => arg.name === 'first')) {
    const args = argumentValues(definition, node, walk.variables);
    const first = typeof args.first === 'number' ? args.first : walk.options.defaultPageSize;
    const known = await walk.options.listRows?.({ parentType, fieldName: definition.name, args });
    const rows = Math.max(0, Math.min(first, walk.options.maxPageSize, known ?? Number.POSITIVE_INFINITY));
    return { rows, each: 1 };
  }
  if (/(Connection|Edge)$/.test(parentType)) return { rows: 1, each: 0 };
  if (isListType(getNullableType(definition.type))) return { rows: 1, each: 1 };
  return isEntity(definition) ? { rows: 1, each: 1 } : { rows: 1, each: 0 };
}

function isEntity(definition: GraphQLField<unknown, unknown>): boolean {
  const target = getNamedType(definition.type);
  if (!isObjectType(target) && !isInterfaceType(target)) return false;
  return Object.values(target.getFields()).some((f) => {
    const type = getNullableType(f.type);
    return isScalarType(type) && type.name === 'ID';
  });
}

function argumentValues(definition: GraphQLField<unknown, unknown>, node: FieldNode, variables: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const arg of definition.args) {
    const given = node.arguments?.find((a) => a.name.value === arg.name);
    const value = given ? valueFromAST(given.value, arg.type, variables as Record<string, unknown>) : arg.defaultValue;
    if (value !== undefined) values[arg.name] = value;
  }
  return values;
}

function record(walk: Walk, path: string, rows: number, cost: number): void {
  const known = walk.entries.get(path);
  if (known) {
    known.rows += rows;
    known.cost += cost;
  } else {
    walk.entries.set(path, { path, rows, cost });
  }
}
