/**
 * Resolvers of one domain's operational subgraph. Lists read one page with
 * one statement; relations, references and by-key reads go through the
 * per-request loaders, so each costs one statement per nesting level. Every
 * read is narrowed by the actor's row filter inside the store's query.
 */
import {
  DateTimeScalar,
  JSONScalar,
  decodeCursor,
  encodeCursor,
  filterFromWhere,
  namespaceTypeName,
  pageSize,
  pluralFieldName,
  singularFieldName,
  sortKeysFrom,
  withoutNul,
  type OrderByInput,
} from '../api/index.ts';
import type { DataProduct, RelationDescriptor } from '../sdk/index.ts';
import type { Row } from '../sources/index.ts';
import { andFilters, deniesEverything } from './access.ts';
import { loadByKey, readFilter, recordRows, type EntityRuntime } from './entity-runtime.ts';
import { assertFieldReadable, fieldGuards } from './field-guards.ts';
import { assertQueryableFields } from './queryable-fields.ts';
import { groupedLoader } from './loaders.ts';
import { parseTarget } from './descriptor-names.ts';

type Resolver = (parent: any, args: any, context: unknown) => unknown;
export type ResolverMap = Record<string, any>;

interface ListArgs {
  where?: Record<string, unknown> | null;
  orderBy?: OrderByInput[] | null;
  first?: number | null;
  after?: string | null;
}

const NAMESPACE = Object.freeze({});

export function operationalResolvers(product: DataProduct, runtimes: Map<string, EntityRuntime>, mesh: readonly DataProduct[]): ResolverMap {
  const ns: Record<string, Resolver> = {};
  const resolvers: ResolverMap = {
    DateTime: DateTimeScalar,
    JSON: JSONScalar,
    Query: { [product.name]: () => NAMESPACE },
    [namespaceTypeName(product.name)]: ns,
  };
  if (runtimes.size === 0) ns.name = () => product.name;
  for (const entity of runtimes.values()) {
    const key = entity.descriptor.key;
    ns[pluralFieldName(entity.name)] = (_p, args: ListArgs, context) => listPage(entity, args, context);
    ns[singularFieldName(entity.name)] = (_p, args, context) => loadByKey(context, entity, withoutNul(args[key], key));
    resolvers[entity.name] = {
      __resolveReference: (rep: Row, context: unknown) => loadByKey(context, entity, rep[key]),
      __resolveReferences: (reps: Row[], context: unknown) => Promise.all(reps.map((rep) => loadByKey(context, entity, rep[key]))),
      ...fieldGuards(entity),
      ...relationResolvers(product.name, entity, runtimes, mesh),
    };
  }
  return resolvers;
}

async function listPage(entity: EntityRuntime, args: ListArgs, context: unknown) {
  assertQueryableFields(context, entity, args);
  const size = pageSize(args.first, entity.maxPageSize);
  const orderBy = sortKeysFrom(args.orderBy, entity.descriptor);
  const after = args.after ? decodeCursor(args.after, orderBy, (field) => entity.descriptor.fields[field]?.type === 'DateTime') : undefined;
  const { filter, rule } = readFilter(context, entity);
  const where = andFilters(filterFromWhere(args.where), filter);
  const rows =
    size === 0 || deniesEverything(where) ? [] : await entity.source.find(entity.spec, { where, orderBy, after, limit: size + 1, fields: entity.fieldNames });
  const hasNextPage = rows.length > size;
  const page = hasNextPage ? rows.slice(0, size) : rows;
  if (page.length) recordRows(context, entity, page.length, rule);
  const edges = page.map((node) => ({ cursor: encodeCursor(node, orderBy), node }));
  return {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

function relationResolvers(domain: string, entity: EntityRuntime, runtimes: Map<string, EntityRuntime>, mesh: readonly DataProduct[]) {
  const out: Record<string, Resolver> = {};
  for (const [name, rel] of Object.entries(entity.descriptor.relations ?? {})) {
    const target = parseTarget(rel.target, domain);
    if (rel.kind === 'many') out[name] = manyResolver(entity, name, rel, runtimes.get(target.entity)!);
    else {
      // Following a one-relation reveals its foreign key: it needs read access to that field.
      const follow = target.domain === domain ? sameDomainOne(rel, runtimes.get(target.entity)!) : referenceResolver(rel, target.domain, target.entity, mesh);
      out[name] = (row: Row, args, context) => {
        assertFieldReadable(context, entity, rel.field, row);
        return follow(row, args, context);
      };
    }
  }
  return out;
}

function sameDomainOne(rel: RelationDescriptor, target: EntityRuntime): Resolver {
  return (row: Row, _args, context) => loadByKey(context, target, row[rel.field]);
}

/** A cross-domain reference: only the key; the gateway fetches the rest (under the target's policy). */
function referenceResolver(rel: RelationDescriptor, domain: string, entity: string, mesh: readonly DataProduct[]): Resolver {
  const targetKey = mesh.find((p) => p.name === domain)!.operational!.entities[entity]!.key;
  return (row: Row) => (row[rel.field] == null ? null : { __typename: entity, [targetKey]: row[rel.field] });
}

function manyResolver(parent: EntityRuntime, relation: string, rel: RelationDescriptor, target: EntityRuntime): Resolver {
  return (row: Row, args: ListArgs, context) => {
    assertQueryableFields(context, target, args);
    const limit = args.first == null ? undefined : pageSize(args.first, target.maxPageSize);
    const { filter, rule } = readFilter(context, target);
    const query = {
      field: rel.field,
      where: andFilters(filterFromWhere(args.where), filter),
      orderBy: sortKeysFrom(args.orderBy, target.descriptor),
      fields: target.fieldNames,
      limitPerValue: limit,
    };
    const loaderKey = `${parent.subject}.${relation}#${JSON.stringify(query)}`;
    return groupedLoader(context, {
      source: target.source,
      spec: target.spec,
      query,
      loaderKey,
      onRows: (rows) => recordRows(context, target, rows.length, rule),
    }).load(row[parent.descriptor.key] as string);
  };
}
