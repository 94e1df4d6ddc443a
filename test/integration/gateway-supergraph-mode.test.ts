// meshgate's federation mode (`meshgate serve --supergraph`) end to end over HTTP: the federation benchmark's
// supergraph, its URLs rewritten to the benchmark subgraphs served in this process. Needs no service.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readSubgraphUrls, startSupergraphGateway, type RunningSupergraphGateway } from '../../src/gateway/index.ts';
import { createLogger } from '../../src/observability/index.ts';
import { readBenchmarkFile, startBenchmarkSubgraphs, type BenchmarkSubgraphs } from '../bench/federation/subgraphs.ts';

const supergraphSdl = readBenchmarkFile('supergraph.graphql');
const body = JSON.stringify({ query: readBenchmarkFile('query.graphql'), operationName: 'TestQuery' });
const expected = JSON.parse(readBenchmarkFile('expected-structure.json'));
let subgraphs: BenchmarkSubgraphs;
let gateway: RunningSupergraphGateway;

before(async () => {
  subgraphs = await startBenchmarkSubgraphs({ port: 0, memoize: false });
  gateway = await startSupergraphGateway({
    supergraphSdl,
    port: 0,
    logger: createLogger({ level: 'silent' }),
    urlOverride: (name) => `${subgraphs.url}/${name}`,
  });
});
after(async () => {
  await gateway.close();
  await subgraphs.close();
});

const post = (accept?: string) =>
  fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) }, body });

test('readSubgraphUrls lists every @join__graph url after the override', () => {
  const urls = readSubgraphUrls(supergraphSdl, (name, url) => url.replace('0.0.0.0:4200', `127.0.0.1:1/${name}`));
  assert.deepEqual(Object.keys(urls).sort(), ['accounts', 'inventory', 'products', 'reviews']);
  assert.equal(urls.reviews, 'http://127.0.0.1:1/reviews/reviews');
});

test('the benchmark query over HTTP answers exactly expected-structure.json, repeatedly', async () => {
  for (let i = 0; i < 3; i++) {
    const res = await post('application/json');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(await res.json(), expected);
  }
});

test('the pre-serialised body honours the negotiated media type', async () => {
  const res = await post('application/graphql-response+json');
  assert.equal(res.headers.get('content-type'), 'application/graphql-response+json; charset=utf-8');
  assert.deepEqual(await res.json(), expected);
});

test('an invalid query is answered with coded errors, not a pre-serialised body', async () => {
  const res = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: '{ topProducts(first: 1) { upc nope } }' }),
  });
  const json = (await res.json()) as { errors: { extensions: { code: string } }[] };
  assert.equal(json.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
});
