/**
 * Bad input gets a clear error with a code and never a stack trace or a 500:
 * bad filters, unknown fields, oversized pages, bad cursors, malformed bodies.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/test-gateway.ts';

function assertNoInternals(response: GraphQLResponse) {
  const text = JSON.stringify(response.body);
  assert.ok(response.status < 500, `status ${response.status}: ${text}`);
  assert.doesNotMatch(text, /\.ts:\d+|\n\s+at |stacktrace|exception/i, 'no stack trace or internals in the response');
}

function firstError(response: GraphQLResponse) {
  assert.ok(response.body.errors?.length, `expected errors in ${JSON.stringify(response.body)}`);
  return response.body.errors![0]!;
}

describe('gateway input errors', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway({ profile: 'embedded', scale: 0.02, maxPageSize: 50 });
  });
  after(() => gateway?.close());

  it('a page size over the maximum is BAD_USER_INPUT naming the argument and the maximum', async () => {
    const response = await gateway.query('{ identity { users(first: 51) { nodes { id } } } }');
    assertNoInternals(response);
    const error = firstError(response);
    assert.equal(error.extensions?.code, 'BAD_USER_INPUT');
    assert.match(error.message, /first must be between 0 and 50/);
    assert.deepEqual(error.path, ['identity', 'users']);
  });

  it('a filter on an unknown field is a validation error naming the field', async () => {
    const response = await gateway.query('{ identity { users(where: { shoeSize: { eq: 42 } }) { nodes { id } } } }');
    assertNoInternals(response);
    assert.equal(response.status, 400);
    const error = firstError(response);
    assert.equal(error.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.match(error.message, /shoeSize/);
  });

  it('a null filter operand is BAD_USER_INPUT pointing at isNull', async () => {
    const response = await gateway.query('{ identity { users(where: { city: { eq: null } }) { nodes { id } } } }');
    assertNoInternals(response);
    const error = firstError(response);
    assert.equal(error.extensions?.code, 'BAD_USER_INPUT');
    assert.match(error.message, /where\.city\.eq cannot be null; use where\.city\.isNull/);
  });

  it('an unknown selected field is a validation error', async () => {
    const response = await gateway.query('{ commerce { orders { nodes { id discountCode } } } }');
    assertNoInternals(response);
    assert.equal(response.status, 400);
    assert.match(firstError(response).message, /discountCode/);
  });

  it('a cursor that was not issued, or issued for another order, is BAD_USER_INPUT', async () => {
    const forged = await gateway.query('{ identity { users(after: "not-a-cursor") { nodes { id } } } }');
    assert.equal(firstError(forged).extensions?.code, 'BAD_USER_INPUT');
    const page = await gateway.query('{ identity { users(first: 2, orderBy: [{ field: name }]) { pageInfo { endCursor } } } }');
    const cursor = page.body.data.identity.users.pageInfo.endCursor;
    const other = await gateway.query(`{ identity { users(after: "${cursor}") { nodes { id } } } }`);
    assertNoInternals(other);
    assert.match(firstError(other).message, /another filter order/);
  });

  it('a malformed JSON body is 400 BAD_REQUEST, not a 500', async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: '{"query": "{ dataProducts { name } }"',
    });
    const body = (await response.json()) as GraphQLResponse['body'];
    assert.equal(response.status, 400);
    assert.equal(body.errors?.[0]?.extensions?.code, 'BAD_REQUEST');
    assertNoInternals({ status: response.status, body });
  });

  it('a syntax error is GRAPHQL_PARSE_FAILED with its location', async () => {
    const response = await gateway.query('{ identity { users( { nodes { id } } } }');
    assertNoInternals(response);
    assert.equal(response.status, 400);
    assert.equal(firstError(response).extensions?.code, 'GRAPHQL_PARSE_FAILED');
  });

  it('pages walk the whole table without a gap or a duplicate', async () => {
    const all: string[] = [];
    let after: string | null = null;
    do {
      const response: GraphQLResponse = await gateway.query(
        'query($after: String) { identity { users(first: 7, after: $after, orderBy: [{ field: country }, { field: name, direction: DESC }]) { nodes { id } pageInfo { hasNextPage endCursor } } } }',
        { after },
      );
      const users = response.body.data.identity.users;
      all.push(...users.nodes.map((n: { id: string }) => n.id));
      after = users.pageInfo.hasNextPage ? users.pageInfo.endCursor : null;
    } while (after);
    const total = await gateway.query('{ identity { users(first: 50) { nodes { id } } } }');
    assert.equal(new Set(all).size, all.length, 'no duplicate');
    assert.deepEqual([...all].sort(), total.body.data.identity.users.nodes.map((n: { id: string }) => n.id).sort());
  });
});
