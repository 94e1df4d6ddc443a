import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema } from 'graphql';
import { createDocumentCache } from '../../../src/gateway/http/index.ts';
import { createCapturingLogger, createRecordingEngine, postGraphQL, startTestServer } from './fixtures.ts';
import { createGatewayHttpServer } from '../../../src/gateway/http/index.ts';
import type { GraphQLEngine } from '../../../src/gateway/http/index.ts';

test('a repeated query text reuses the parsed document; a different text does not', async () => {
  const running = await startTestServer();
  try {
    for (const query of ['{ hello }', '{ hello }', '{ hello(name: "x") }', '{ hello }']) {
      const res = await postGraphQL(running.url, { query });
      assert.equal(res.status, 200);
    }
    const [first, second, other, fourth] = running.engine.documents;
    assert.equal(second, first, 'second request ran the cached document');
    assert.equal(fourth, first);
    assert.notEqual(other, first);
  } finally {
    await running.close();
  }
});

test('the cache is per schema: swapping the engine re-validates against the new schema', async () => {
  const before = createRecordingEngine();
  const after: GraphQLEngine = {
    apiSchema: buildSchema('type Query { goodbye: String }'),
    execute: async () => ({ data: { goodbye: 'bye' } }),
  };
  let current: GraphQLEngine = before;
  const { logger } = createCapturingLogger();
  const http = createGatewayHttpServer({ engine: () => current, logger });
  const { url } = await http.listen(0);
  try {
    assert.equal((await postGraphQL(url, { query: '{ hello }' })).status, 200);
    current = after;
    const stale = await postGraphQL(url, { query: '{ hello }' });
    assert.equal(stale.status, 400);
    const body = (await stale.json()) as { errors: Array<{ extensions: { code: string } }> };
    assert.equal(body.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.deepEqual(await (await postGraphQL(url, { query: '{ goodbye }' })).json(), { data: { goodbye: 'bye' } });
  } finally {
    await http.close();
  }
});

test('the cache evicts the least recently used entry and caches failures too', () => {
  const schema = buildSchema('type Query { a: Int b: Int c: Int }');
  const cache = createDocumentCache({ schema, maxEntries: 2 });
  const a = cache.prepare('{ a }');
  cache.prepare('{ b }');
  assert.equal(cache.prepare('{ a }'), a, 'hit refreshes a');
  cache.prepare('{ c }'); // evicts b, the least recently used
  assert.equal(cache.size, 2);
  assert.equal(cache.prepare('{ a }'), a);
  const broken = cache.prepare('{ a');
  assert.equal(broken.kind, 'invalid');
  assert.equal(cache.prepare('{ a'), broken);
});
