import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InterfaceTypeDefinitionNode,
  type ObjectTypeDefinitionNode,
  type SelectionSetNode,
  type TypeNode,
  type UnionTypeDefinitionNode,
} from 'graphql';
import { PlanError } from '../errors.ts';
import type { CompositeKind, CompositeTypeModel, FieldModel, KeyModel, SupergraphModel } from './model-types.ts';

type CompositeNode = ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode | UnionTypeDefinitionNode;

/** Reads the join v0.3 directives of a supergraph into the planner's model. */
export function buildSupergraphModel(supergraph: DocumentNode): SupergraphModel {
  const graphNames = readGraphNames(supergraph);
  const types = new Map<string, CompositeTypeModel>();
  for (const def of supergraph.definitions) {
    if (def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.INTERFACE_TYPE_DEFINITION || def.kind === Kind.UNION_TYPE_DEFINITION) {
      types.set(def.name.value, readCompositeType(def, graphNames));
    }
  }
  addImplementations(supergraph, types, graphNames);
  return { subgraphs: [...graphNames.values()], types, rootTypes: readRootTypes(supergraph, types) };
}

function readGraphNames(supergraph: DocumentNode): Map<string, string> {
  const names = new Map<string, string>();
  for (const def of supergraph.definitions) {
    if (def.kind !== Kind.ENUM_TYPE_DEFINITION || def.name.value !== 'join__Graph') continue;
    for (const value of def.values ?? []) {
      const graph = value.directives?.find((d) => d.name.value === 'join__graph');
      names.set(value.name.value, stringArg(graph, 'name') ?? value.name.value.toLowerCase());
    }
  }
  if (!names.size) throw new PlanError('INVALID_SUPERGRAPH', 'Supergraph SDL has no join__Graph enum: is it a composed Federation v2 supergraph?');
  return names;
}

function readCompositeType(def: CompositeNode, graphNames: Map<string, string>): CompositeTypeModel {
  const kind: CompositeKind = def.kind === Kind.OBJECT_TYPE_DEFINITION ? 'object' : def.kind === Kind.INTERFACE_TYPE_DEFINITION ? 'interface' : 'union';
  const type: CompositeTypeModel = { name: def.name.value, kind, subgraphs: new Set(), keys: new Map(), fields: new Map(), membersIn: new Map() };
  for (const directive of directivesNamed(def.directives, 'join__type')) {
    const graph = graphOf(directive, graphNames);
    if (!graph) continue;
    type.subgraphs.add(graph);
    const fields = stringArg(directive, 'key');
    if (fields) addKey(type, graph, { fields, selection: parseFieldSet(fields), resolvable: boolArg(directive, 'resolvable') ?? true });
  }
  if (!type.subgraphs.size) for (const name of graphNames.values()) type.subgraphs.add(name);
  if (def.kind === Kind.UNION_TYPE_DEFINITION) readUnionMembers(def, type, graphNames);
  else for (const field of def.fields ?? []) type.fields.set(field.name.value, readField(field, type, graphNames));
  return type;
}

function addKey(type: CompositeTypeModel, graph: string, key: KeyModel) {
  const keys = type.keys.get(graph) ?? [];
  keys.push(key);
  type.keys.set(graph, keys);
}

function readField(field: FieldDefinitionNode, owner: CompositeTypeModel, graphNames: Map<string, string>): FieldModel {
  const model: FieldModel = {
    name: field.name.value,
    typeName: namedType(field.type),
    resolvableIn: new Set(),
    externalIn: new Set(),
    requires: new Map(),
    provides: new Map(),
  };
  const joins = directivesNamed(field.directives, 'join__field').filter((d) => graphOf(d, graphNames));
  if (!joins.length) {
    for (const g of owner.subgraphs) model.resolvableIn.add(g);
    return model;
  }
  for (const join of joins) {
    const graph = graphOf(join, graphNames)!;
    if (boolArg(join, 'external')) model.externalIn.add(graph);
    else if (!boolArg(join, 'usedOverridden')) model.resolvableIn.add(graph);
    const requires = stringArg(join, 'requires');
    if (requires) model.requires.set(graph, parseFieldSet(requires));
    const provides = stringArg(join, 'provides');
    if (provides) model.provides.set(graph, parseFieldSet(provides));
  }
  return model;
}

function readUnionMembers(def: UnionTypeDefinitionNode, type: CompositeTypeModel, graphNames: Map<string, string>) {
  const members = directivesNamed(def.directives, 'join__unionMember');
  if (!members.length) {
    for (const graph of type.subgraphs) type.membersIn.set(graph, new Set(def.types?.map((t) => t.name.value)));
    return;
  }
  for (const member of members) addMember(type, graphOf(member, graphNames), stringArg(member, 'member'));
}

/** Interface membership per subgraph comes from @join__implements on the implementing types. */
function addImplementations(supergraph: DocumentNode, types: Map<string, CompositeTypeModel>, graphNames: Map<string, string>) {
  for (const def of supergraph.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const implementsDirectives = directivesNamed(def.directives, 'join__implements');
    for (const d of implementsDirectives) addMember(types.get(stringArg(d, 'interface') ?? ''), graphOf(d, graphNames), def.name.value);
    if (implementsDirectives.length || def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const self = types.get(def.name.value)!;
    for (const iface of def.interfaces ?? []) for (const graph of self.subgraphs) addMember(types.get(iface.name.value), graph, def.name.value);
  }
}

function addMember(type: CompositeTypeModel | undefined, graph: string | undefined, member: string | undefined) {
  if (!type || !graph || !member) return;
  const set = type.membersIn.get(graph) ?? new Set<string>();
  set.add(member);
  type.membersIn.set(graph, set);
}

function readRootTypes(supergraph: DocumentNode, types: Map<string, CompositeTypeModel>): SupergraphModel['rootTypes'] {
  const schemaDef = supergraph.definitions.find((d) => d.kind === Kind.SCHEMA_DEFINITION);
  const named = (op: string) =>
    schemaDef?.kind === Kind.SCHEMA_DEFINITION ? schemaDef.operationTypes.find((t) => t.operation === op)?.type.name.value : undefined;
  const mutation = named('mutation') ?? (types.has('Mutation') ? 'Mutation' : null);
  return { query: named('query') ?? 'Query', mutation };
}

export function parseFieldSet(fields: string): SelectionSetNode {
  const doc = parse(`{${fields}}`, { noLocation: true });
  const op = doc.definitions[0];
  if (op.kind !== Kind.OPERATION_DEFINITION) throw new PlanError('INVALID_SUPERGRAPH', `Bad field set "${fields}"`);
  return op.selectionSet;
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function directivesNamed(directives: readonly ConstDirectiveNode[] | undefined, name: string): ConstDirectiveNode[] {
  return directives?.filter((d) => d.name.value === name) ?? [];
}

function graphOf(directive: ConstDirectiveNode | undefined, graphNames: Map<string, string>): string | undefined {
  const arg = directive?.arguments?.find((a) => a.name.value === 'graph');
  return arg?.value.kind === Kind.ENUM ? graphNames.get(arg.value.value) : undefined;
}

function stringArg(directive: ConstDirectiveNode | undefined, name: string): string | undefined {
  const arg = directive?.arguments?.find((a) => a.name.value === name);
  return arg?.value.kind === Kind.STRING ? arg.value.value : undefined;
}

function boolArg(directive: ConstDirectiveNode, name: string): boolean | undefined {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  return arg?.value.kind === Kind.BOOLEAN ? arg.value.value : undefined;
}
