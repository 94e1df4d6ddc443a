/** Reading the log: filters, newest-first paging, and the `auditLog` field over a tiny schema. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { graphql, GraphQLError } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { auditLogResolvers, auditLogTypeDefs, createAuditLog } from '../../../src/audit/index.ts';
import type { AuditLog } from '../../../src/audit/index.ts';
import { embeddedDatabase, sampleInput } from './fixtures.ts';

let log: AuditLog;
let schema: GraphQLSchema;
let closeDb: () => Promise<void>;

before(async () => {
  const embedded = await embeddedDatabase();
  closeDb = embedded.close;
  log = await createAuditLog({ db: embedded.db });
  for (let i = 1; i <= 30; i += 1) {
    await log.append(sampleInput(i, i === 17 ? deniedCustomerRead : {}));
  }
  const authorize = (context: unknown) => {
    if (!(context as { roles: string[] }).roles.includes('auditor')) {
      throw new GraphQLError('Not allowed to read platform.AuditLog.', { extensions: { code: 'FORBIDDEN' } });
    }
  };
  schema = makeExecutableSchema({ typeDefs: ['type Query { _unused: Boolean }', auditLogTypeDefs], resolvers: auditLogResolvers(log, authorize) });
});

after(async () => {
  await log.close();
  await closeDb();
});

const deniedCustomerRead = {
  status: 'denied' as const,
  errorCodes: ['FORBIDDEN'],
  resources: [
    {
      domain: 'identity',
      plane: 'operational' as const,
      subject: 'identity.Customer',
      action: 'read',
      fields: [],
      rows: 0,
      decision: 'deny' as const,
      reason: 'no rule grants read',
    },
  ],
};

test('query pages newest first by seq cursor until the end', async () => {
  const seen: number[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await log.query({ first: 7, after });
    seen.push(...page.records.map((r) => r.seq));
    if (!page.hasNextPage) break;
    after = page.endCursor!;
  }
  assert.deepEqual(
    seen,
    Array.from({ length: 30 }, (_, i) => 30 - i),
  );
});

test('query filters by actor, operation, subject, status and time window', async () => {
  const bySub = await log.query({ where: { actorSub: 'user-3' }, first: 100 });
  assert.deepEqual(bySub.records.map((r) => r.requestId).sort(), ['req-10', 'req-17', 'req-24', 'req-3']);
  const bySubject = await log.query({ where: { subject: 'identity.Customer' } });
  assert.deepEqual(
    bySubject.records.map((r) => r.requestId),
    ['req-17'],
  );
  const denied = await log.query({ where: { status: 'denied', operationName: 'Customers' } });
  assert.deepEqual(
    denied.records.map((r) => r.requestId),
    ['req-17'],
  );
  const window = await log.query({ where: { from: sampleInput(5).time, to: sampleInput(8).time }, first: 100 });
  assert.deepEqual(window.records.map((r) => r.requestId).sort(), ['req-5', 'req-6', 'req-7']);
});

test('auditLog returns typed records and resources to an allowed caller', async () => {
  const result = await graphql({
    schema,
    contextValue: { roles: ['auditor'] },
    source: `{ auditLog(where: { status: denied }, first: 5) {
      edges { cursor node { seq requestId time status errorCodes operationType documentHash variables
        actor { sub roles ip userAgent } resources { subject plane decision rule reason rows fields } } }
      pageInfo { hasNextPage endCursor } } }`,
  });
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  const connection = JSON.parse(JSON.stringify(result.data)).auditLog; // plain objects, not graphql-js's null-prototype ones
  assert.equal(connection.edges.length, 1);
  const node = connection.edges[0].node;
  assert.equal(node.requestId, 'req-17');
  assert.equal(node.time, sampleInput(17).time.toISOString());
  assert.deepEqual(node.resources, [
    { subject: 'identity.Customer', plane: 'operational', decision: 'deny', rule: null, reason: 'no rule grants read', rows: 0, fields: [] },
  ]);
  assert.deepEqual(node.actor, { sub: 'user-3', roles: ['analyst', 'viewer'], ip: '10.0.0.1', userAgent: 'test-agent/1.0' });
  assert.equal(JSON.parse(node.variables).password, '[REDACTED]');
  assert.deepEqual(connection.pageInfo, { hasNextPage: false, endCursor: node.seq });
});

test('auditLog is FORBIDDEN to a caller the authorizer rejects', async () => {
  const result = await graphql({ schema, contextValue: { roles: ['analyst'] }, source: '{ auditLog { edges { cursor } } }' });
  assert.equal(result.errors?.[0].extensions.code, 'FORBIDDEN');
  assert.equal(result.data, null);
});

test('bad paging or dates are BAD_USER_INPUT', async () => {
  for (const args of ['first: 0', 'first: 501', 'after: "abc"', 'where: { from: "yesterday" }']) {
    const result = await graphql({ schema, contextValue: { roles: ['auditor'] }, source: `{ auditLog(${args}) { edges { cursor } } }` });
    assert.equal(result.errors?.[0].extensions.code, 'BAD_USER_INPUT', args);
  }
});
