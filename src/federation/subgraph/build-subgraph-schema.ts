import { Kind, parse, type DefinitionNode, type DocumentNode, type GraphQLResolveInfo, type GraphQLSchema, type ObjectTypeDefinitionNode } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { federationDefinitions } from './federation-definitions.ts';

/**
 * Resolvers by type name. An entity type may define `__resolveReference(representation, context, info)` or,
 * preferred for batching, `__resolveReferences(representations, context)` called once per type per `_entities` request.
 */
export type SubgraphResolvers = Record<string, any>;

/** Builds an executable Federation v2 subgraph schema: adds `_service`, `_entities`, `_Any`, `_Entity` and the federation directives. */
export function buildSubgraphSchema(typeDefs: string, resolvers: SubgraphResolvers): GraphQLSchema {
  const document = parse(typeDefs, { noLocation: true });
  const definitions = promoteOrphanExtensions(document.definitions);
  const defined = new Set(definitions.flatMap((d) => ('name' in d && d.name ? [d.name.value] : [])));
  const entityNames = findEntityNames(definitions);
  const extra = Object.entries(federationDefinitions)
    .filter(([name]) => !defined.has(name))
    .map(([, sdl]) => sdl);
  const queryType = findRootTypeName(definitions, 'query') ?? 'Query';
  if (!defined.has(queryType)) extra.push(`type ${queryType}`);
  if (entityNames.length) extra.push(`union _Entity = ${entityNames.join(' | ')}`);
  const entitiesField = entityNames.length ? ' _entities(representations: [_Any!]!): [_Entity]!' : '';
  extra.push(`extend type ${queryType} { _service: _Service!${entitiesField} }`);
  const fullTypeDefs: DocumentNode = { kind: Kind.DOCUMENT, definitions: [...definitions, ...parse(extra.join('\n')).definitions] };
  return makeExecutableSchema({
    typeDefs: fullTypeDefs,
    resolvers: withFederationResolvers(resolvers, queryType, typeDefs, entityNames.length > 0),
  });
}

/** `extend type X` without a base `type X` (common in subgraphs) becomes a definition so the schema builds. */
function promoteOrphanExtensions(definitions: readonly DefinitionNode[]): DefinitionNode[] {
  const bases = new Set(definitions.filter((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION).map((d) => (d as ObjectTypeDefinitionNode).name.value));
  return definitions.map((d) => {
    if (d.kind !== Kind.OBJECT_TYPE_EXTENSION || bases.has(d.name.value)) return d;
    bases.add(d.name.value);
    return { ...d, kind: Kind.OBJECT_TYPE_DEFINITION } as ObjectTypeDefinitionNode;
  });
}

function findEntityNames(definitions: readonly DefinitionNode[]): string[] {
  const names = new Set<string>();
  for (const d of definitions) {
    if (d.kind !== Kind.OBJECT_TYPE_DEFINITION && d.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    if (d.directives?.some((dir) => dir.name.value === 'key' || dir.name.value === 'federation__key')) names.add(d.name.value);
  }
  return [...names];
}

function findRootTypeName(definitions: readonly DefinitionNode[], operation: 'query' | 'mutation'): string | undefined {
  for (const d of definitions) {
    if (d.kind !== Kind.SCHEMA_DEFINITION && d.kind !== Kind.SCHEMA_EXTENSION) continue;
    const op = d.operationTypes?.find((t) => t.operation === operation);
    if (op) return op.type.name.value;
  }
  return undefined;
}

function withFederationResolvers(resolvers: SubgraphResolvers, queryType: string, sdl: string, hasEntities: boolean): SubgraphResolvers {
  const typeNames = new WeakMap<object, string>();
  const queryResolvers: Record<string, unknown> = { ...(resolvers[queryType] ?? {}), _service: () => ({ sdl }) };
  const result: SubgraphResolvers = { ...resolvers, [queryType]: queryResolvers };
  if (!hasEntities) return result;
  queryResolvers._entities = (_root: unknown, args: { representations: Rep[] }, context: unknown, info: GraphQLResolveInfo) =>
    resolveEntities(resolvers, args.representations, context, info, typeNames);
  result._Entity = {
    __resolveType: (value: { __typename?: string }) => value.__typename ?? typeNames.get(value) ?? null,
  };
  return result;
}

interface Rep {
  __typename: string;
  [field: string]: unknown;
}

/** Resolves representations grouped by type, one `__resolveReferences` call per type when available, in input order. */
async function resolveEntities(
  resolvers: SubgraphResolvers,
  representations: Rep[],
  context: unknown,
  info: GraphQLResolveInfo,
  typeNames: WeakMap<object, string>,
): Promise<unknown[]> {
  const byType = new Map<string, number[]>();
  representations.forEach((rep, i) => {
    const list = byType.get(rep.__typename);
    if (list) list.push(i);
    else byType.set(rep.__typename, [i]);
  });
  const results: unknown[] = new Array(representations.length).fill(null);
  await Promise.all(
    [...byType].map(async ([typeName, indexes]) => {
      const reps = indexes.map((i) => representations[i]);
      const resolved = await resolveTypeReferences(resolvers[typeName], reps, context, info);
      indexes.forEach((repIndex, k) => {
        const value = resolved[k];
        if (value !== null && typeof value === 'object' && !('__typename' in value)) typeNames.set(value, typeName);
        results[repIndex] = value ?? null;
      });
    }),
  );
  return results;
}

async function resolveTypeReferences(typeResolvers: any, reps: Rep[], context: unknown, info: GraphQLResolveInfo): Promise<unknown[]> {
  if (typeof typeResolvers?.__resolveReferences === 'function') return typeResolvers.__resolveReferences(reps, context);
  if (typeof typeResolvers?.__resolveReference === 'function') {
    // A failing reference becomes an Error item: graphql-js reports it at `_entities.<i>` and keeps the other entities.
    return Promise.all(
      reps.map(async (rep) => {
        try {
          return await typeResolvers.__resolveReference(rep, context, info);
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      }),
    );
  }
  return reps;
}
