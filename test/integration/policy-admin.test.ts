/**
 * Policy administration through the platform subgraph, with two gateways on
 * one PostgreSQL: a change made on one takes effect on the other within a
 * second; a bad change is rejected with the reason and changes nothing;
 * explainAccess and policyDiff answer before anything is applied.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway, type Caller, type TestGateway } from '../support/test-gateway.ts';

const SUPPORT_FR: Caller = { role: 'support', sub: 'agent-fr', claims: { country: 'FR' } };
const USERS = '{ identity { users(first: 100) { nodes { id country email } } } }';
const POLICY = 'query($role: String!) { policy(role: $role) { role version rules { action subject fields conditions inverted reason } } }';
const PUT = `mutation($role: String!, $rules: [PolicyRuleInput!]!, $inherits: [String!], $expected: Int!) {
  putPolicy(role: $role, rules: $rules, inherits: $inherits, expectedVersion: $expected, comment: "test") { role version }
}`;

describe('policy administration (services profile, two gateways)', () => {
  let first: TestGateway;
  let second: TestGateway;
  before(async () => {
    first = await startTestGateway({ profile: 'services', scale: 0.1 });
    second = await startTestGateway({ profile: 'services', sharing: first });
  });
  after(async () => {
    await second?.close();
    await first?.close();
  });

  it('only roles allowed on platform.Policy administer policies', async () => {
    const denied = await first.query(POLICY, { role: 'support' }, SUPPORT_FR);
    assert.equal(denied.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    const allowed = await first.query(POLICY, { role: 'support' });
    assert.equal(allowed.body.data.policy.version, 1);
  });

  it('rejects an invalid change with the reason and changes nothing', async () => {
    const before = (await first.query(POLICY, { role: 'support' })).body.data.policy;
    const bad = await first.query(PUT, {
      role: 'support',
      expected: before.version,
      rules: [{ action: ['read'], subject: ['identity.User'], fields: ['shoeSize'] }],
    });
    const error = bad.body.errors?.[0];
    assert.equal(error?.extensions?.code, 'BAD_USER_INPUT');
    assert.match(JSON.stringify(error?.extensions), /shoeSize/);
    assert.deepEqual((await first.query(POLICY, { role: 'support' })).body.data.policy, before);
    const stale = await first.query(PUT, { role: 'support', expected: before.version + 7, rules: before.rules.map(ruleInput), inherits: ['catalog-reader'] });
    assert.equal(stale.body.errors?.[0]?.extensions?.code, 'CONFLICT');
  });

  it('policyDiff and explainAccess describe a change before it is applied', async () => {
    const widened = [{ action: ['read'], subject: ['identity.User'], reason: 'support sees every country' }];
    const diff = await first.query(
      'query($rules: [PolicyRuleInput!]!) { policyDiff(role: "support", rules: $rules, inherits: ["catalog-reader"]) { allows { subject action change fields rows } denies { subject action change } } }',
      { rules: widened },
    );
    const allows = diff.body.data.policyDiff.allows;
    assert.ok(
      allows.some((e: { subject: string; change: string }) => e.subject === 'identity.User' && e.change === 'rows widened'),
      JSON.stringify(allows),
    );
    assert.ok(allows.some((e: { subject: string; fields: string[] | null }) => e.subject === 'identity.User' && (e.fields ?? ['email']).includes('email')));
    assert.ok(
      diff.body.data.policyDiff.denies.some((e: { subject: string }) => e.subject === 'commerce.Order'),
      'dropping the order rule denies orders',
    );

    const explained = await first.query(
      'query { explainAccess(subject: "identity.User", action: read, field: "email", actor: { roles: ["support"], claims: { country: "FR" } }) { decision reason rule { role index inverted } filter } }',
    );
    const answer = explained.body.data.explainAccess;
    assert.equal(answer.decision, 'deny');
    assert.deepEqual(answer.rule, { role: 'support', index: 1, inverted: true });
    assert.match(answer.reason, /e-mail/);

    const rows = await first.query(
      'query { explainAccess(subject: "identity.User", action: read, actor: { roles: ["support"], claims: { country: "FR" } }) { decision filter sql sqlParams } }',
    );
    const rowAnswer = rows.body.data.explainAccess;
    assert.equal(rowAnswer.decision, 'allow');
    assert.deepEqual(rowAnswer.filter, { op: 'eq', field: 'country', value: 'FR' });
    assert.match(rowAnswer.sql, /"country"( COLLATE "C")? = \$1/);
    assert.deepEqual(rowAnswer.sqlParams, ['FR']);
    const mongo = await first.query('query { explainAccess(subject: "catalog.Item", action: read, actor: { roles: ["anonymous"] }) { decision mongo } }');
    assert.equal(mongo.body.data.explainAccess.decision, 'deny');
    assert.ok(mongo.body.data.explainAccess.mongo, 'a Mongo-sourced subject shows its Mongo filter');
  });

  it('a change on one gateway takes effect on the other within a second, and is audited', async () => {
    const frOnly = (await second.query(USERS, undefined, SUPPORT_FR)).body.data.identity.users.nodes;
    assert.ok(frOnly.every((u: { country: string }) => u.country === 'FR'));
    const current = (await first.query(POLICY, { role: 'support' })).body.data.policy;
    const put = await first.query(PUT, {
      role: 'support',
      expected: current.version,
      inherits: ['catalog-reader'],
      rules: [{ action: ['read'], subject: ['identity.User'], fields: ['id', 'country'], reason: 'every country, id and country only' }],
    });
    assert.equal(put.body.errors, undefined, JSON.stringify(put.body.errors));
    assert.equal(put.body.data.putPolicy.version, current.version + 1);
    const deadline = Date.now() + 1000;
    let users: { country: string; email: string | null }[] = [];
    do {
      users = (await second.query(USERS, undefined, SUPPORT_FR)).body.data.identity.users.nodes;
    } while (users.length !== 100 && Date.now() < deadline);
    assert.equal(users.length, 100, 'the second gateway applies the new rules within 1 s');
    assert.ok(users.some((u) => u.country !== 'FR'));
    const log = await first.query(
      '{ auditLog(where: { subject: "platform.Policy" }, first: 5) { edges { node { operationType status actor { roles } resources { subject action decision } } } } }',
    );
    const records = log.body.data.auditLog.edges.map((e: { node: unknown }) => e.node);
    assert.ok(
      records.some(
        (r: { operationType: string; resources: { action: string; decision: string }[] }) =>
          r.operationType === 'mutation' && r.resources.some((x) => x.action === 'update' && x.decision === 'allow'),
      ),
      JSON.stringify(records),
    );
  });
});

function ruleInput(rule: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(rule).filter(([, v]) => v !== null));
}
