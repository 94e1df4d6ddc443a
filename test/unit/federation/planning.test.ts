import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, type ExecutionResult } from 'graphql';
import { createFederatedExecutor, createLocalSubgraphClient, type SubgraphClient, type SubgraphRequest } from '../../../src/federation/index.ts';
import { buildBenchmarkSubgraphSchemas, readBenchmarkFile } from '../../bench/federation/subgraphs.ts';

function benchmarkMesh() {
  const schemas = buildBenchmarkSubgraphSchemas();
  const calls: { subgraph: string; query: string; variables: Record<string, unknown> }[] = [];
  const clients: Record<string, SubgraphClient> = Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      const local = createLocalSubgraphClient(schema);
      return [name, { execute: (req: SubgraphRequest) => (calls.push({ subgraph: name, query: req.query, variables: req.variables }), local.execute(req)) }];
    }),
  );
  const executor = createFederatedExecutor({ supergraphSdl: readBenchmarkFile('supergraph.graphql'), clients });
  const run = async (query: string, variableValues?: Record<string, unknown>): Promise<ExecutionResult> =>
    JSON.parse(JSON.stringify(await executor.execute({ document: parse(query), variableValues })));
  return { executor, calls, run };
}

test('@requires: price and weight are fetched from products and sent to inventory', async () => {
  const { calls, run } = benchmarkMesh();
  const result = await run('{ topProducts(first: 2) { shippingEstimate } }');
  assert.deepEqual(result, { data: { topProducts: [{ shippingEstimate: null }, { shippingEstimate: null }] } });
  assert.match(calls[0].query, /topProducts\(first: 2\)\{__typename upc price weight\}/);
  assert.deepEqual(calls[1].variables.representations, [
    { __typename: 'Product', upc: '1', price: 899, weight: 100 },
    { __typename: 'Product', upc: '2', price: 1299, weight: 1000 },
  ]);
});

test('@requires from an entity fetch: products are asked first, then inventory with their values', async () => {
  const { calls, run } = benchmarkMesh();
  await run('{ users { reviews { product { shippingEstimate } } } }');
  assert.deepEqual(
    calls.map((c) => c.subgraph),
    ['accounts', 'reviews', 'products', 'inventory'],
  );
  assert.deepEqual(calls[3].variables.representations, [{ __typename: 'Product', upc: '1', price: 899, weight: 100 }]);
});

test('@provides: username under Review.author comes from reviews without an accounts fetch', async () => {
  const { calls, run } = benchmarkMesh();
  const result = await run('{ topProducts(first: 1) { reviews { author { username } } } }');
  assert.deepEqual(
    calls.map((c) => c.subgraph),
    ['products', 'reviews'],
  );
  assert.equal((result.data as any).topProducts[0].reviews[0].author.username, 'urigo');
});

test('without @provides, an @external field is fetched from its owner', async () => {
  const { calls, run } = benchmarkMesh();
  const result = await run('{ topProducts(first: 1) { reviews { author { name username } } } }');
  assert.deepEqual(
    calls.map((c) => c.subgraph),
    ['products', 'reviews', 'accounts'],
  );
  assert.deepEqual(calls[2].variables.representations, [{ __typename: 'User', id: '1' }]);
  assert.deepEqual((result.data as any).topProducts[0].reviews[0].author, { name: 'Uri Goldshtein', username: 'urigo' });
});

test('aliases, __typename and arguments keep the client shape and order', async () => {
  const { run } = benchmarkMesh();
  const result = await run(`{
    cheap: topProducts(first: 1) { label: name kind: __typename upc }
    all: topProducts(first: 2) { upc stock: inStock }
    __typename
  }`);
  assert.deepEqual(result, {
    data: {
      cheap: [{ label: 'Table', kind: 'Product', upc: '1' }],
      all: [
        { upc: '1', stock: true },
        { upc: '2', stock: false },
      ],
      __typename: 'Query',
    },
  });
  assert.deepEqual(Object.keys((result.data as any).cheap[0]), ['label', 'kind', 'upc']);
});

test('variables are forwarded only to the fetches that use them; @include/@skip follow variables', async () => {
  const { calls, run } = benchmarkMesh();
  const query = `query Q($n: Int, $id: ID!, $stock: Boolean!) {
    topProducts(first: $n) { name inStock @include(if: $stock) }
    user(id: $id) { name birthday @skip(if: $stock) }
  }`;
  const result = await run(query, { n: 1, id: '2', stock: false });
  assert.deepEqual(result, { data: { topProducts: [{ name: 'Table' }], user: { name: 'Dotan Simha', birthday: 1234567890 } } });
  const products = calls.find((c) => c.subgraph === 'products')!;
  const accounts = calls.find((c) => c.subgraph === 'accounts')!;
  assert.deepEqual(products.variables, { n: 1 });
  assert.deepEqual(accounts.variables, { id: '2' });
  assert.match(products.query, /^query\(\$n: Int\)/);
  const again = await run(query, { n: 1, id: '2', stock: true });
  assert.deepEqual(again.data, { topProducts: [{ name: 'Table', inStock: true }], user: { name: 'Dotan Simha' } });
});

test('operation selection: by name, and a clean error for an unknown name', async () => {
  const { executor } = benchmarkMesh();
  const document = parse('query A { me { name } } query B { me { id } }');
  assert.deepEqual((await executor.execute({ document, operationName: 'B' })).data, { me: { id: '1' } });
  const unknown = await executor.execute({ document, operationName: 'C' });
  assert.equal(unknown.errors?.[0].message, 'Unknown operation named "C".');
  const ambiguous = await executor.execute({ document });
  assert.match(ambiguous.errors?.[0].message ?? '', /Must provide operation name/);
});

test('a composite field selecting only __typename still gets a valid subgraph selection', async () => {
  const sent: string[] = [];
  const recorder: SubgraphClient = {
    async execute(request: SubgraphRequest): Promise<ExecutionResult> {
      sent.push(request.query);
      return { data: { me: { __typename: 'User' } } };
    },
  };
  const executor = createFederatedExecutor({
    supergraphSdl: readBenchmarkFile('supergraph.graphql'),
    clients: { accounts: recorder, inventory: recorder, products: recorder, reviews: recorder },
  });
  const result = await executor.execute({ document: parse('{ me { __typename } }') });
  assert.deepEqual(result.data, { me: { __typename: 'User' } });
  assert.equal(sent.length, 1);
  assert.doesNotMatch(sent[0]!, /\{\s*\}/);
});
