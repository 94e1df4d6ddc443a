import { Kind, parse, print, visit, type ASTNode, type ConstDirectiveNode, type DefinitionNode, type DocumentNode } from 'graphql';

/**
 * The type names of one prefixed (foreign) subgraph, both ways. Only names that changed are listed; a
 * name absent from a map is the same on both sides (root operation types, built-in scalars, federation machinery).
 */
export interface TypeRenames {
  readonly prefix: string;
  /** Remote name → the name the supergraph uses (`User` → `BenchUser`). */
  readonly toPrefixed: ReadonlyMap<string, string>;
  /** Supergraph name → the remote subgraph's own name (`BenchUser` → `User`). */
  readonly toRemote: ReadonlyMap<string, string>;
}

export class TypePrefixError extends Error {
  readonly code = 'INVALID_TYPE_PREFIX';
  constructor(message: string) {
    super(message);
    this.name = 'TypePrefixError';
  }
}

const BUILT_IN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);
/** Federation and link spec types a subgraph SDL may define or reference; the composer recognises them by name. */
const FEDERATION_TYPES = new Set(['_Any', '_Entity', '_Service', 'FieldSet', '_FieldSet']);
const MACHINERY_PREFIXES = ['__', 'link__', 'federation__', 'join__', 'connect__'];
const DEFAULT_ROOTS = ['Query', 'Mutation', 'Subscription'];
/** Directives whose `fields` argument is a field set that may hold `... on Type` fragments. */
const FIELD_SET_DIRECTIVES = new Set(['key', 'requires', 'provides', 'federation__key', 'federation__requires', 'federation__provides']);
const TYPE_CONDITION = /(\.\.\.\s*on\s+)([_A-Za-z][_0-9A-Za-z]*)/g;

/**
 * Prefixes every type a foreign subgraph defines or extends, so it can be composed next to subgraphs that use the
 * same names (`User` → `BenchUser`). Root operation types, built-in scalars, `@link`-imported types and federation
 * machinery keep their names; references, unions, `implements` and type conditions in field sets follow the rename.
 */
export function renameSubgraphTypes(sdl: string, prefix: string): { sdl: string; renames: TypeRenames } {
  if (!/^[_A-Za-z][_0-9A-Za-z]*$/.test(prefix)) throw new TypePrefixError(`Type prefix "${prefix}" is not a GraphQL name`);
  const document = parse(sdl, { noLocation: true });
  const toPrefixed = new Map<string, string>();
  const kept = namesToKeep(document);
  for (const name of definedTypeNames(document)) if (!kept.has(name) && !isMachinery(name)) toPrefixed.set(name, prefix + name);
  const renamed = renameInSchemaDocument(document, toPrefixed);
  const toRemote = new Map([...toPrefixed].map(([remote, prefixed]) => [prefixed, remote]));
  return { sdl: print(renamed), renames: { prefix, toPrefixed, toRemote } };
}

function isMachinery(name: string): boolean {
  return BUILT_IN_SCALARS.has(name) || FEDERATION_TYPES.has(name) || MACHINERY_PREFIXES.some((p) => name.startsWith(p));
}

function definedTypeNames(document: DocumentNode): Set<string> {
  const names = new Set<string>();
  for (const definition of document.definitions) if (isTypeSystemType(definition)) names.add(definition.name.value);
  return names;
}

type NamedTypeSystemNode = Extract<DefinitionNode, { name: unknown }> & { kind: (typeof TYPE_KINDS)[number] };

const TYPE_KINDS = [
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_EXTENSION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.UNION_TYPE_EXTENSION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.ENUM_TYPE_EXTENSION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_EXTENSION,
  Kind.SCALAR_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_EXTENSION,
] as const;
const TYPE_KIND_SET: ReadonlySet<string> = new Set(TYPE_KINDS);

function isTypeSystemType(node: DefinitionNode): node is NamedTypeSystemNode {
  return TYPE_KIND_SET.has(node.kind);
}

/** Root operation types (declared or default) and non-directive names imported through `@link(import:)`. */
function namesToKeep(document: DocumentNode): Set<string> {
  const keep = new Set<string>();
  let declaredRoots = false;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const op of definition.operationTypes ?? []) {
      keep.add(op.type.name.value);
      declaredRoots = true;
    }
    for (const directive of definition.directives ?? []) for (const name of linkImportedTypes(directive)) keep.add(name);
  }
  if (!declaredRoots) for (const root of DEFAULT_ROOTS) keep.add(root);
  return keep;
}

function linkImportedTypes(directive: ConstDirectiveNode): string[] {
  if (directive.name.value !== 'link') return [];
  const imports = directive.arguments?.find((a) => a.name.value === 'import')?.value;
  if (imports?.kind !== Kind.LIST) return [];
  return imports.values.flatMap((item) => {
    if (item.kind === Kind.STRING) return item.value.startsWith('@') ? [] : [item.value];
    if (item.kind !== Kind.OBJECT) return [];
    const alias = item.fields.find((f) => f.name.value === 'as') ?? item.fields.find((f) => f.name.value === 'name');
    return alias?.value.kind === Kind.STRING && !alias.value.value.startsWith('@') ? [alias.value.value] : [];
  });
}

function renameInSchemaDocument(document: DocumentNode, toPrefixed: ReadonlyMap<string, string>): DocumentNode {
  const renameName = <T extends { name: { value: string } }>(node: T): T | undefined => {
    const next = toPrefixed.get(node.name.value);
    return next === undefined ? undefined : { ...node, name: { ...node.name, value: next } };
  };
  const typeVisitors = Object.fromEntries(TYPE_KINDS.map((kind) => [kind, (node: NamedTypeSystemNode) => renameName(node)]));
  return visit(document, {
    ...typeVisitors,
    NamedType: renameName,
    Directive: (node) => (FIELD_SET_DIRECTIVES.has(node.name.value) ? renameFieldSetArgument(node, toPrefixed) : undefined),
  }) as DocumentNode;
}

function renameFieldSetArgument<T extends ASTNode & { kind: Kind.DIRECTIVE }>(node: T, toPrefixed: ReadonlyMap<string, string>): T | undefined {
  let changed = false;
  const args = node.arguments?.map((arg) => {
    if (arg.name.value !== 'fields' || arg.value.kind !== Kind.STRING) return arg;
    const value = renameTypeConditions(arg.value.value, toPrefixed);
    if (value === arg.value.value) return arg;
    changed = true;
    return { ...arg, value: { ...arg.value, value } };
  });
  return changed ? { ...node, arguments: args } : undefined;
}

/** `... on X` in a field set (field sets hold no strings, so a token match is exact). */
function renameTypeConditions(fieldSet: string, names: ReadonlyMap<string, string>): string {
  return fieldSet.replace(TYPE_CONDITION, (whole, on: string, name: string) => {
    const next = names.get(name);
    return next === undefined ? whole : on + next;
  });
}
