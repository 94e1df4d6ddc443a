/**
 * Defects the fuzz step (scripts/fuzz.sh) found, kept as tests: each was a
 * masked INTERNAL error and is now the client's error, with a code naming
 * the argument, answered by the gateway.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

describe('inputs the fuzzer found (embedded profile)', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway({ profile: 'embedded', scale: 0.02 });
  });
  after(() => gateway?.close());

  it('a DateTime literal that is no instant is a validation error at the gateway, before any statement', async () => {
    gateway.resetCounts();
    for (const value of ['""', '"yesterday"']) {
      const answer = await gateway.query(`{ commerce { orders(where: { placedAt: { eq: ${value} } }) { nodes { id } } } }`);
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      const error = answer.body.errors?.[0];
      assert.equal(error?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED', JSON.stringify(answer.body));
      assert.match(error?.message ?? '', /^DateTime must be an ISO-8601 string, got "/);
    }
    const variable = await gateway.query('query($w: OrderWhere) { commerce { orders(where: $w) { nodes { id } } } }', { w: { placedAt: { eq: '' } } });
    assert.equal(variable.status, 400);
    assert.equal(variable.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.deepEqual(gateway.counts(), { relational: 0, documents: 0 }, 'no statement was issued');
    const valid = await gateway.query('{ commerce { orders(first: 1, where: { placedAt: { gte: "2020-01-01T00:00:00Z" } }) { nodes { id placedAt } } } }');
    assert.equal(valid.body.errors, undefined, JSON.stringify(valid.body.errors));
  });

  it('JSON arguments that must be objects (policyDiff claims, explainAccess resource and actor claims) refuse other JSON values', async () => {
    const cases: Array<[string, string]> = [
      ['{ policyDiff(role: "analyst", rules: [], claims: "true") { allows { subject } } }', 'claims'],
      ['{ policyDiff(role: "analyst", rules: [], claims: [1, 2]) { allows { subject } } }', 'claims'],
      ['{ explainAccess(subject: "commerce.Order", action: read, resource: 5) { decision } }', 'resource'],
      ['{ explainAccess(subject: "commerce.Order", action: read, actor: { roles: ["analyst"], claims: "\\"DE\\"" }) { decision } }', 'actor.claims'],
    ];
    for (const [query, argument] of cases) {
      const answer = await gateway.query(query);
      const error = answer.body.errors?.[0];
      assert.equal(error?.extensions?.code, 'BAD_USER_INPUT', `${query}: ${JSON.stringify(answer.body)}`);
      assert.equal(error?.extensions?.argument, argument);
      assert.match(error?.message ?? '', new RegExp(`^${argument.replace('.', '\\.')} must be a JSON object`));
    }
    const object = await gateway.query('{ policyDiff(role: "analyst", rules: [], claims: { country: "DE" }) { allows { subject } } }');
    assert.equal(object.body.errors, undefined, JSON.stringify(object.body.errors));
  });

  it('optional pipeline arguments sent as null mean "not given" (after: null was a masked INTERNAL)', async () => {
    const runs = await gateway.query('{ pipelineRuns(where: null, first: null, after: null) { nodes { id } pageInfo { hasNextPage } } }');
    assert.equal(runs.body.errors, undefined, JSON.stringify(runs.body.errors));
    const filtered = await gateway.query('{ pipelineRuns(where: { pipeline: null, state: null }, first: 5) { nodes { id } } }');
    assert.equal(filtered.body.errors, undefined, JSON.stringify(filtered.body.errors));
    const plan = await gateway.query('{ planPipelineRun(pipeline: "identity.usersSnapshot", partitions: null, steps: null) { units { step } } }');
    assert.equal(plan.body.errors, undefined, JSON.stringify(plan.body.errors));
    assert.deepEqual(plan.body.data.planPipelineRun.units, [{ step: 'snapshot' }]);
    const badCursor = await gateway.query('{ pipelineRuns(after: "not-a-cursor") { nodes { id } } }');
    assert.equal(badCursor.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  });
});
