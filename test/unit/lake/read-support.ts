/**
 * The lake read scenarios, shared by the unit suite (local broker, s3rver,
 * PGlite) and the integration suite (Kafka, versitygw, PostgreSQL): events
 * landed by the real sink, read through a GraphQL schema built from
 * `lakeSdl` + `lakeResolvers` with a real policy decider and access collector.
 */
import assert from 'node:assert/strict';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql, type GraphQLSchema } from 'graphql';
import { createObjectCache, lakeResolvers, lakeSdl, type ObjectCache } from '../../../src/lake/read/index.ts';
import { DateTimeScalar, JSONScalar, SHARED_SDL } from '../../../src/api/index.ts';
import { createPolicySet, subjectCatalog, type RolePolicy } from '../../../src/policy/index.ts';
import type { DataProduct } from '../../../src/sdk/index.ts';
import type { ObjectStore, PlatformDatabase } from '../../../src/sources/index.ts';
import { governedAs } from '../../support/governed.ts';

/** Reads through `objects` when given, else through a cache of its own under `tempDir` (which the caller removes). */
export function lakeSchema(product: DataProduct, store: ObjectStore, db: PlatformDatabase, tempDir: string, objects?: ObjectCache): GraphQLSchema {
  const namespace = `${product.name[0]!.toUpperCase()}${product.name.slice(1)}Query`;
  const typeDefs = [
    'directive @shareable on OBJECT | FIELD_DEFINITION',
    SHARED_SDL,
    `type Query { ${product.name}: ${namespace}! }`,
    `type ${namespace} { _empty: Boolean }`,
    lakeSdl(product),
  ].join('\n');
  const cache = objects ?? createObjectCache({ store, maxBytes: 256 * 1024 * 1024, parentDir: tempDir });
  const resolvers = lakeResolvers(product, { store, db, objects: cache, maxPageSize: 500 });
  return makeExecutableSchema({
    typeDefs,
    resolvers: [{ DateTime: DateTimeScalar, JSON: JSONScalar, Query: { [product.name]: () => ({}) } }, resolvers],
  });
}

/** `local` sees its country's rows and no ip; `admin` reads everything. */
export function policiesFor(product: DataProduct) {
  const subject = `${product.name}.lake.viewed`;
  const roles: RolePolicy[] = [
    {
      role: 'local',
      rules: [
        {
          action: 'read',
          subject,
          conditions: { country: '${user.country}' },
          fields: ['userId', 'itemId', 'occurredAt', 'sessionId', 'device', 'country', 'durationMs'],
        },
      ],
    },
    { role: 'admin', rules: [{ action: 'read', subject: '*.lake.*' }] },
  ];
  return createPolicySet(roles, subjectCatalog([product]));
}

export async function run(schema: GraphQLSchema, source: string, context: object, variableValues?: Record<string, unknown>) {
  const result = await graphql({ schema, source, contextValue: context, ...(variableValues ? { variableValues } : {}) });
  return result as { data?: any; errors?: ReadonlyArray<{ message: string; path?: ReadonlyArray<string | number>; extensions: Record<string, unknown> }> };
}

export function contextAs(policies: ReturnType<typeof policiesFor>, role: string, claims: Record<string, unknown> = {}) {
  return governedAs(policies.forActor({ sub: 'u-test', roles: [role], claims }));
}

/** The policy scenario both suites assert: only DE rows, ip null with FORBIDDEN at each path, the read audited. */
export async function assertPolicyRowsAndFields(schema: GraphQLSchema, product: DataProduct, policies: ReturnType<typeof policiesFor>, expectedDe: number) {
  const context = contextAs(policies, 'local', { country: 'DE' });
  const result = await run(
    schema,
    `{ ${product.name} { lake { viewed { records(first: 500) { nodes { eventId country ip } pageInfo { hasNextPage } } } } } }`,
    context,
  );
  const nodes = result.data[product.name].lake.viewed.records.nodes as Array<{ eventId: string; country: string; ip: string | null }>;
  assert.equal(nodes.length, expectedDe);
  assert.ok(nodes.every((n) => n.country === 'DE' && n.ip === null));
  assert.equal(result.errors?.length, expectedDe);
  assert.ok(result.errors!.every((e) => e.extensions.code === 'FORBIDDEN' && e.path?.at(-1) === 'ip'));
  const resources = context.audit.resources();
  assert.ok(resources.some((r) => r.plane === 'lake' && r.decision === 'allow' && r.rows === expectedDe && r.fields.includes('country')));
  assert.ok(resources.some((r) => r.plane === 'lake' && r.decision === 'deny' && r.fields.includes('ip')));
}
