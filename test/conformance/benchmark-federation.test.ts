/**
 * The federation gateways benchmark's response check (graphql-hive/graphql-gateways-benchmark) against meshgate in
 * federation mode, as `meshgate serve --supergraph` runs it: the fixture's supergraph, its four subgraphs over HTTP,
 * and `TestQuery` POSTed by a client. Each response must be HTTP 200, without "errors", and exactly
 * expected-structure.json, as the benchmark checks before it measures anything.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSupergraphGateway, type RunningSupergraphGateway } from '../../src/gateway/supergraph-gateway.ts';
import { createLogger } from '../../src/observability/index.ts';
import { readBenchmarkFile, startBenchmarkSubgraphs, type BenchmarkSubgraphs } from '../bench/federation/subgraphs.ts';

const query = readBenchmarkFile('query.graphql');
const expected = JSON.parse(readBenchmarkFile('expected-structure.json'));
let subgraphs: BenchmarkSubgraphs;
let gateway: RunningSupergraphGateway;

before(async () => {
  subgraphs = await startBenchmarkSubgraphs({ port: 0 });
  gateway = await startSupergraphGateway({
    supergraphSdl: readBenchmarkFile('supergraph.graphql'),
    port: 0,
    logger: createLogger({ level: 'silent' }),
    // The fixture names http://0.0.0.0:4200/<name>; the subgraphs of this run listen elsewhere.
    urlOverride: (name) => `${subgraphs.url}/${name}`,
  });
});
after(async () => {
  await gateway?.close();
  await subgraphs?.close();
});

async function post(headers: Record<string, string> = {}) {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, operationName: 'TestQuery' }),
  });
  return { status: response.status, text: await response.text() };
}

test('TestQuery answers exactly expected-structure.json, repeatedly', async () => {
  for (let i = 0; i < 3; i++) {
    const { status, text } = await post();
    assert.equal(status, 200);
    assert.ok(!text.includes('"errors"'), text.slice(0, 500));
    assert.deepEqual(JSON.parse(text), expected);
  }
});

test('concurrent clients with distinct authorization headers get the same exact response', async () => {
  const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => post({ authorization: `Bearer user-${i}` })));
  for (const { status, text } of responses) {
    assert.equal(status, 200);
    assert.deepEqual(JSON.parse(text), expected);
  }
  assert.ok(subgraphs.requestCounts.reviews > 0 && subgraphs.requestCounts.inventory > 0, 'every subgraph was called');
});
