import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parse, type ExecutionResult } from 'graphql';
import {
  createFederatedExecutor,
  createHttpSubgraphClient,
  createLocalSubgraphClient,
  type PlanNode,
  type SubgraphClient,
  type SubgraphRequest,
} from '../../../src/federation/index.ts';
import { buildBenchmarkSubgraphSchemas, readBenchmarkFile, startBenchmarkSubgraphs, type BenchmarkSubgraphs } from '../../bench/federation/subgraphs.ts';

const names = ['accounts', 'inventory', 'products', 'reviews'];
const supergraphSdl = readBenchmarkFile('supergraph.graphql');
const query = parse(readBenchmarkFile('query.graphql'));
const expected = JSON.parse(readBenchmarkFile('expected-structure.json'));
let subgraphs: BenchmarkSubgraphs;

before(async () => {
  subgraphs = await startBenchmarkSubgraphs({ port: 0, memoize: true });
});
after(() => subgraphs.close());

/** The response as a client receives it (JSON), so deepEqual compares exactly what goes on the wire. */
const wire = (result: ExecutionResult) => JSON.parse(JSON.stringify(result));

test('subgraph server answers health and serves the four subgraphs', async () => {
  const health = await fetch(`${subgraphs.url}/health`);
  assert.equal(await health.text(), 'OK');
  const res = await fetch(`${subgraphs.url}/inventory`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: '{_entities(representations:[{__typename:"Product",upc:"1",price:899,weight:100}]){...on Product{inStock shippingEstimate}}}',
    }),
  });
  assert.deepEqual(await res.json(), { data: { _entities: [{ inStock: true, shippingEstimate: null }] } });
});

test('benchmark query over HTTP subgraphs equals expected-structure.json', async () => {
  const clients = Object.fromEntries(names.map((n) => [n, createHttpSubgraphClient(`${subgraphs.url}/${n}`)]));
  const executor = createFederatedExecutor({ supergraphSdl, clients });
  for (let i = 0; i < 3; i++) assert.deepEqual(wire(await executor.execute({ document: query, operationName: 'TestQuery' })), expected);
});

test('benchmark query with in-process subgraphs equals expected-structure.json', async () => {
  const schemas = buildBenchmarkSubgraphSchemas();
  const clients = Object.fromEntries(names.map((n) => [n, createLocalSubgraphClient(schemas[n])]));
  const executor = createFederatedExecutor({ supergraphSdl, clients });
  assert.deepEqual(wire(await executor.execute({ document: query })), expected);
});

function recordingClients() {
  const schemas = buildBenchmarkSubgraphSchemas();
  const calls: { subgraph: string; query: string; variables: Record<string, unknown> }[] = [];
  const clients: Record<string, SubgraphClient> = Object.fromEntries(
    names.map((n) => {
      const local = createLocalSubgraphClient(schemas[n]);
      return [n, { execute: (req: SubgraphRequest) => (calls.push({ subgraph: n, query: req.query, variables: req.variables }), local.execute(req)) }];
    }),
  );
  return { calls, clients };
}

const countFetches = (node: PlanNode | null): number =>
  node === null ? 0 : node.kind === 'Fetch' ? 1 : node.nodes.reduce((sum, n) => sum + countFetches(n), 0);

test('benchmark plan: 6 subgraph calls in 4 waves, representations deduplicated, @requires fields sent', async () => {
  const { calls, clients } = recordingClients();
  const executor = createFederatedExecutor({ supergraphSdl, clients });
  const plan = executor.plan(query, 'TestQuery');
  assert.equal(countFetches(plan.node), 6);
  assert.equal(plan.node?.kind === 'Sequence' ? plan.node.nodes.length : 0, 4);
  await executor.execute({ document: query });
  assert.deepEqual(calls.map((c) => c.subgraph).sort(), ['accounts', 'accounts', 'inventory', 'products', 'products', 'reviews']);
  const inventory = calls.find((c) => c.subgraph === 'inventory')!;
  const reps = inventory.variables.representations as Record<string, unknown>[];
  // topProducts 1..5 and the product of every nested review (all upc 1): each product exactly once, with price and weight.
  assert.deepEqual(reps.map((r) => r.upc).sort(), ['1', '2', '3', '4', '5']);
  assert.deepEqual(
    reps.find((r) => r.upc === '2'),
    { __typename: 'Product', upc: '2', price: 1299, weight: 1000 },
  );
  const productsEntities = calls.filter((c) => c.subgraph === 'products' && c.query.includes('_entities'));
  assert.deepEqual(
    productsEntities.map((c) => c.variables.representations),
    [[{ __typename: 'Product', upc: '1' }]],
  );
});

test('the executor caches the plan per document text and operation name', () => {
  const { clients } = recordingClients();
  const executor = createFederatedExecutor({ supergraphSdl, clients });
  const text = readBenchmarkFile('query.graphql');
  assert.equal(executor.plan(parse(text), 'TestQuery'), executor.plan(parse(text), 'TestQuery'));
});
