/**
 * The cost estimator over the mesh's API schema (the committed supergraph):
 * list reads by `first` or the default page size, multiplied through nesting;
 * entities by key and `one` relations 1 per parent; connection plumbing and
 * namespaces free; platform lists small constants; lake records capped by
 * what the catalog says the range holds.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { estimateCost, type CostOptions } from '../../../src/federation/index.ts';
import { buildApiSchema } from '../../../src/federation/supergraph/index.ts';
import { repoRoot } from '../../support/test-gateway.ts';

const schema = buildApiSchema(parse(readFileSync(path.join(repoRoot, 'schema/supergraph.graphql'), 'utf8')));
const OPTIONS: CostOptions = { defaultPageSize: 20, maxPageSize: 100 };

async function estimate(query: string, variables: Record<string, unknown> = {}, options: CostOptions = OPTIONS) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  assert.ok(operation);
  return estimateCost(schema, document, operation, variables, options);
}

describe('estimating the cost of an operation', () => {
  test('100 orders each with 20 lines is 100 + 2,000, with a breakdown per path', async () => {
    const result = await estimate('{ commerce { orders(first: 100) { nodes { id items(first: 20) { quantity } } pageInfo { hasNextPage } } } }');
    assert.equal(result.total, 2100);
    assert.deepEqual(result.breakdown, [
      { path: 'commerce.orders', rows: 100, cost: 100 },
      { path: 'commerce.orders.nodes.items', rows: 2000, cost: 2000 },
    ]);
  });

  test('a missing first is the default page size; a variable first is read from the variables', async () => {
    assert.equal((await estimate('{ commerce { orders { nodes { id } } } }')).total, 20);
    assert.equal((await estimate('query($n: Int) { commerce { orders(first: $n) { edges { node { id } } } } }', { n: 7 })).total, 7);
    assert.equal((await estimate('{ commerce { orders(first: 5000) { nodes { id } } } }')).total, 100, 'at most the maximum page size');
  });

  test('by key and one relations cost 1 per parent; aliases add up', async () => {
    const result = await estimate(
      '{ identity { a: user(id: "u1") { id } b: user(id: "u2") { id } } commerce { orders(first: 10) { nodes { user { name } } } } }',
    );
    assert.deepEqual(result.breakdown, [
      { path: 'identity.a', rows: 1, cost: 1 },
      { path: 'identity.b', rows: 1, cost: 1 },
      { path: 'commerce.orders', rows: 10, cost: 10 },
      { path: 'commerce.orders.nodes.user', rows: 10, cost: 10 },
    ]);
    assert.equal(result.total, 22);
  });

  test('fragments count where they are spread; the golden nested query costs 186', async () => {
    const query = readFileSync(path.join(repoRoot, 'test/golden/commerce/orders-nested.graphql'), 'utf8');
    assert.equal((await estimate(query)).total, 3 + 3 + 60 + 60 + 60);
    const spread = await estimate(
      '{ commerce { x: orders(first: 2) { ...O } y: orders(first: 3) { ...O } } } fragment O on OrderConnection { nodes { user { id } } }',
    );
    assert.equal(spread.total, 2 + 2 + 3 + 3);
  });

  test('platform metadata and introspection are small constants', async () => {
    const catalog = readFileSync(path.join(repoRoot, 'test/golden/platform/data-products.graphql'), 'utf8');
    assert.ok((await estimate(catalog)).total <= 5);
    assert.equal((await estimate('{ __schema { types { name } } __typename }')).total, 0);
  });

  test('lake records read at most what the catalog holds in the range, never more than first', async () => {
    const reads: unknown[] = [];
    const options: CostOptions = {
      ...OPTIONS,
      listRows: (read) => {
        reads.push(read);
        return read.fieldName === 'records' ? 12 : undefined;
      },
    };
    const query = '{ engagement { lake { viewed { records(first: 100, from: "2025-03-01T00:00:00Z") { nodes { eventId } } } } } }';
    assert.equal((await estimate(query, {}, options)).total, 12);
    assert.deepEqual(reads, [{ parentType: 'EngagementViewedDataset', fieldName: 'records', args: { first: 100, from: '2025-03-01T00:00:00Z' } }]);
    const small = '{ engagement { lake { viewed { records(first: 5) { nodes { eventId } } } } } }';
    assert.equal((await estimate(small, {}, options)).total, 5);
  });
});
