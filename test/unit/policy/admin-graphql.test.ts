import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { GraphQLScalarType, graphql, type GraphQLSchema } from 'graphql';
import { createPolicyStore, policyAdminResolvers, policyAdminTypeDefs, type AccessDecider, type PolicyStore } from '../../../src/policy/index.ts';
import { createPglitePlatformDatabase } from '../../../src/sources/index.ts';
import { actor, demoBaseline, demoCatalog } from './fixtures.ts';

const JSONScalar = new GraphQLScalarType({ name: 'JSON', serialize: (v) => v, parseValue: (v) => v });

let pglite: PGlite;
let store: PolicyStore;
let schema: GraphQLSchema;
const accesses: { action: string; decision: string }[] = [];

before(async () => {
  pglite = await PGlite.create();
  const catalog = await demoCatalog();
  store = await createPolicyStore(createPglitePlatformDatabase(pglite), { baseline: await demoBaseline(), catalog });
  const admin = policyAdminResolvers(store, catalog, (context) => (context as { decider: AccessDecider }).decider, {
    onAccess: (_context, access) => accesses.push({ action: access.action, decision: access.decision }),
  });
  schema = makeExecutableSchema({
    typeDefs: ['scalar JSON\ntype Query { _empty: Boolean }\ntype Mutation { _empty: Boolean }', policyAdminTypeDefs],
    resolvers: { JSON: JSONScalar, ...admin },
  });
});
after(async () => {
  await store.close();
  await pglite.close();
});

async function run(roles: string[], source: string, variableValues: Record<string, unknown> = {}) {
  const decider = store.current().forActor(actor(roles, {}, roles.join('+') || null));
  const result = await graphql({ schema, source, variableValues, contextValue: { decider } });
  return { ...result, data: JSON.parse(JSON.stringify(result.data ?? null)) };
}

const PUT = `mutation ($role: String!, $rules: [PolicyRuleInput!]!, $v: Int!) {
  putPolicy(role: $role, rules: $rules, expectedVersion: $v, comment: "via GraphQL") { role version author comment rules { action subject fields conditions inverted } }
}`;

describe('policy admin GraphQL', () => {
  test('callers without platform.Policy access are FORBIDDEN, for reads and changes', async () => {
    const read = await run(['analyst'], '{ policies { role } }');
    assert.equal(read.errors?.[0].extensions.code, 'FORBIDDEN');
    const write = await run(['support'], PUT, { role: 'analyst', rules: [], v: 1 });
    assert.equal(write.errors?.[0].extensions.code, 'FORBIDDEN');
    assert.deepEqual(accesses.slice(-2), [
      { action: 'read', decision: 'deny' },
      { action: 'update', decision: 'deny' },
    ]);
  });

  test('policies and policy(role) show the versions in force', async () => {
    const result = await run(
      ['admin'],
      '{ policies { role version } policy(role: "support") { version inherits rules { action subject fields inverted reason } } }',
    );
    assert.equal(result.errors, undefined);
    const data = result.data as any;
    assert.ok(data.policies.some((p: any) => p.role === 'support' && p.version === 1));
    assert.deepEqual(data.policy.inherits, ['catalog-reader']);
    assert.deepEqual(data.policy.rules[1], {
      action: ['read'],
      subject: ['identity.User'],
      fields: ['email'],
      inverted: true,
      reason: 'support never sees e-mail addresses (masked)',
    });
  });

  test('putPolicy stores a new version with the caller as author; history lists it', async () => {
    const rules = [{ action: ['read'], subject: ['commerce.Order'], conditions: { status: 'paid' } }];
    const result = await run(['admin'], PUT, { role: 'analyst', rules, v: 1 });
    assert.equal(result.errors, undefined);
    assert.deepEqual((result.data as any).putPolicy, {
      role: 'analyst',
      version: 2,
      author: 'admin',
      comment: 'via GraphQL',
      rules: [{ action: ['read'], subject: ['commerce.Order'], fields: null, conditions: { status: 'paid' }, inverted: false }],
    });
    const history = await run(['admin'], '{ policyHistory(role: "analyst") { version author } }');
    assert.deepEqual((history.data as any).policyHistory, [
      { version: 2, author: 'admin' },
      { version: 1, author: null },
    ]);
  });

  test('a stale version is a CONFLICT with the current version', async () => {
    const result = await run(['admin'], PUT, { role: 'analyst', rules: [], v: 1 });
    assert.equal(result.errors?.[0].extensions.code, 'CONFLICT');
    assert.equal(result.errors?.[0].extensions.currentVersion, 2);
  });

  test('an invalid policy is BAD_USER_INPUT with the issues, and changes nothing', async () => {
    const result = await run(['admin'], PUT, {
      role: 'analyst',
      rules: [{ action: ['read'], subject: ['identity.User'], conditions: { country: { $regex: 'D' } } }],
      v: 2,
    });
    assert.equal(result.errors?.[0].extensions.code, 'BAD_USER_INPUT');
    const [issue] = (result.errors?.[0].extensions.issues ?? []) as any[];
    assert.equal(issue.path, 'rules[0].conditions.country.$regex');
    assert.match(issue.message, /unknown operator "\$regex"/);
    assert.equal((await store.get('analyst'))?.version, 2);
  });

  test('rollbackPolicy restores an earlier version as a new one', async () => {
    const result = await run(['admin'], 'mutation { rollbackPolicy(role: "analyst", version: 1) { version comment rules { subject } } }');
    assert.equal(result.errors, undefined);
    assert.deepEqual((result.data as any).rollbackPolicy.version, 3);
    assert.deepEqual((result.data as any).rollbackPolicy.rules[0].subject, ['*.*', '*.cube.*', '*.lake.*']);
    const missing = await run(['admin'], 'mutation { rollbackPolicy(role: "analyst", version: 9) { version } }');
    assert.equal(missing.errors?.[0].extensions.code, 'NOT_FOUND');
  });

  test('explainAccess answers for another actor, with the rule and the filter', async () => {
    const result = await run(
      ['admin'],
      `query ($actor: PolicyActorInput) {
      explainAccess(subject: "identity.User", action: read, actor: $actor) { decision reason filter rule { role index rule { conditions } } }
    }`,
      { actor: { sub: 's1', roles: ['support'], claims: { country: 'FR' } } },
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual((result.data as any).explainAccess, {
      decision: 'allow',
      reason: '"read" on "identity.User" allowed on rows matching the filter by rule #0 of role "support": support serves the users of its own country',
      filter: { op: 'eq', field: 'country', value: 'FR' },
      rule: { role: 'support', index: 0, rule: { conditions: { country: '${user.country}' } } },
    });
    const unknown = await run(['admin'], '{ explainAccess(subject: "nope.X", action: read) { decision } }');
    assert.equal(unknown.errors?.[0].extensions.code, 'BAD_USER_INPUT');
  });

  test("policyDiff previews a change without applying it, with putPolicy's semantics (omitted inherits: none)", async () => {
    const query = `query ($rules: [PolicyRuleInput!]!, $inherits: [String!]) {
      policyDiff(role: "support", rules: $rules, inherits: $inherits) { allows { subject action change fields rows } denies { subject change } }
    }`;
    const rules = [{ action: ['read'], subject: ['identity.User'], conditions: { country: '${user.country}' } }];
    const withoutInherits = await run(['admin'], query, { rules });
    assert.deepEqual(
      withoutInherits.data.policyDiff.denies.map((d: any) => d.subject),
      ['catalog.Item', 'catalog.Category', 'commerce.Order', 'commerce.OrderItem'],
    );
    const result = await run(['admin'], query, { rules, inherits: ['catalog-reader'] });
    assert.equal(result.errors, undefined);
    const diff = (result.data as any).policyDiff;
    assert.deepEqual(diff.allows, [
      { subject: 'identity.User', action: 'read', change: 'fields added', fields: ['email'], rows: { op: 'eq', field: 'country', value: '${user.country}' } },
    ]);
    assert.deepEqual(
      diff.denies.map((d: any) => d.subject),
      ['commerce.Order', 'commerce.OrderItem'],
    );
    assert.equal((await store.get('support'))?.version, 1);
  });
});
