import {
  GraphQLError,
  isAbstractType,
  isObjectType,
  getNamedType,
  Kind,
  print,
  valueFromASTUntyped,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { FieldCondition, NormalizedField, NormalizedOperation, NormalizedSelection } from './operation-types.ts';
import { assertNever } from '../../common/index.ts';

interface Collected {
  nodes: FieldNode[];
  conditions: FieldCondition[][] | null;
}

interface Context {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
}

/** Picks the operation (by name when several) and expands it into per-type field lists. Assumes a validated document. */
export function normalizeOperation(schema: GraphQLSchema, document: DocumentNode, operationName: string | null): NormalizedOperation {
  const operation = selectOperation(document, operationName);
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) throw new GraphQLError(`Schema is not configured to execute ${operation.operation} operation.`, { extensions: { code: 'BAD_USER_INPUT' } });
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const context: Context = { schema, fragments };
  const variableDefinitions = new Map<string, string>();
  const variableDefaults = new Map<string, unknown>();
  for (const v of operation.variableDefinitions ?? []) {
    variableDefinitions.set(v.variable.name.value, print(v));
    if (v.defaultValue) variableDefaults.set(v.variable.name.value, valueFromASTUntyped(v.defaultValue));
  }
  return {
    operation: operation.operation,
    name: operation.name?.value ?? null,
    root: { kind: 'object', typeName: rootType.name, fields: normalizeFields(context, rootType, [operation.selectionSet]) },
    variableDefinitions,
    variableDefaults,
  };
}

function selectOperation(document: DocumentNode, operationName: string | null): OperationDefinitionNode {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const fail = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
  if (operationName) {
    const found = operations.find((o) => o.name?.value === operationName);
    if (!found) throw fail(`Unknown operation named "${operationName}".`);
    return found;
  }
  if (operations.length === 1) return operations[0];
  throw fail(operations.length ? 'Must provide operation name if query contains multiple operations.' : 'Must provide an operation.');
}

/** Expands selection sets for one object type into its response keys, in the order graphql-js would execute them. */
export function normalizeFields(context: Context, type: GraphQLObjectType, selectionSets: SelectionSetNode[]): NormalizedField[] {
  const collected = new Map<string, Collected>();
  for (const set of selectionSets) collectFields(context, type, set, [], collected, new Set());
  return [...collected].map(([responseKey, { nodes, conditions }]) => {
    const first = nodes[0];
    const def = fieldDefinition(context.schema, type, first.name.value);
    const subSets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
    return {
      responseKey,
      name: first.name.value,
      args: first.arguments ?? [],
      argsKey: (first.arguments ?? []).map((a) => print(a)).join(','),
      conditions,
      type: def.type,
      selection: subSets.length ? normalizeSelection(context, getNamedType(def.type), subSets) : null,
    };
  });
}

function normalizeSelection(context: Context, type: GraphQLNamedType, sets: SelectionSetNode[]): NormalizedSelection {
  if (isObjectType(type)) return { kind: 'object', typeName: type.name, fields: normalizeFields(context, type, sets) };
  if (!isAbstractType(type)) throw new GraphQLError(`Type "${type.name}" cannot have a selection set.`);
  const byType = new Map<string, NormalizedField[]>();
  for (const possible of context.schema.getPossibleTypes(type)) byType.set(possible.name, normalizeFields(context, possible, sets));
  return { kind: 'abstract', typeName: type.name, byType };
}

function fieldDefinition(schema: GraphQLSchema, type: GraphQLObjectType, name: string): GraphQLField<unknown, unknown> {
  if (name === '__typename') return TypeNameMetaFieldDef;
  if (type === schema.getQueryType()) {
    if (name === '__schema') return SchemaMetaFieldDef;
    if (name === '__type') return TypeMetaFieldDef;
  }
  const def = type.getFields()[name];
  if (!def) throw new GraphQLError(`Cannot query field "${name}" on type "${type.name}".`, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  return def;
}

function collectFields(
  context: Context,
  type: GraphQLObjectType,
  set: SelectionSetNode,
  inherited: FieldCondition[],
  out: Map<string, Collected>,
  visitedFragments: Set<string>,
) {
  for (const selection of set.selections) {
    const conditions = readConditions(selection.directives, inherited);
    if (conditions === 'excluded') continue;
    switch (selection.kind) {
      case Kind.FIELD:
        addCollected(out, selection.alias?.value ?? selection.name.value, selection, conditions);
        break;
      case Kind.INLINE_FRAGMENT:
        if (!selection.typeCondition || typeApplies(context.schema, selection.typeCondition.name.value, type)) {
          collectFields(context, type, selection.selectionSet, conditions, out, visitedFragments);
        }
        break;
      case Kind.FRAGMENT_SPREAD: {
        const fragment = context.fragments.get(selection.name.value);
        if (!fragment || visitedFragments.has(fragment.name.value) || !typeApplies(context.schema, fragment.typeCondition.name.value, type)) break;
        const visited = new Set(visitedFragments).add(fragment.name.value);
        collectFields(context, type, fragment.selectionSet, conditions, out, visited);
        break;
      }
      default:
        assertNever(selection, 'selection');
    }
  }
}

function addCollected(out: Map<string, Collected>, key: string, node: FieldNode, conditions: FieldCondition[]) {
  const existing = out.get(key);
  const conjunction = conditions.length ? conditions : null;
  if (!existing) {
    out.set(key, { nodes: [node], conditions: conjunction ? [conjunction] : null });
    return;
  }
  existing.nodes.push(node);
  if (existing.conditions && conjunction) existing.conditions.push(conjunction);
  else existing.conditions = null;
}

/** Literal @skip/@include are decided now; variable ones are kept as conditions. */
function readConditions(directives: FieldNode['directives'], inherited: FieldCondition[]): FieldCondition[] | 'excluded' {
  let result = inherited;
  for (const d of directives ?? []) {
    const skip = d.name.value === 'skip';
    if (!skip && d.name.value !== 'include') continue;
    const value = d.arguments?.find((a) => a.name.value === 'if')?.value;
    if (value?.kind === Kind.BOOLEAN) {
      if (value.value === skip) return 'excluded';
    } else if (value?.kind === Kind.VARIABLE) {
      result = [...result, { variable: value.name.value, skip }];
    }
  }
  return result;
}

function typeApplies(schema: GraphQLSchema, conditionName: string, type: GraphQLObjectType): boolean {
  if (conditionName === type.name) return true;
  const condition = schema.getType(conditionName);
  return condition !== undefined && isAbstractType(condition) && schema.isSubType(condition, type);
}
