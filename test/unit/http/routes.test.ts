import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postGraphQL, startTestServer } from './fixtures.ts';
import type { RunningServer } from './fixtures.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let running: RunningServer;
let ready = true;
before(async () => {
  running = await startTestServer({
    readiness: async () => {
      if (ready === undefined) throw new Error('probe crashed');
      return { ready, checks: { database: ready } };
    },
    extraRoutes: [{ method: 'POST', path: '/v1/events', governance: 'public', handle: (exchange) => exchange.send(202, '', { 'content-type': 'text/plain' }) }],
  });
});
after(() => running.close());

describe('request ids', () => {
  test('a sane incoming x-request-id is echoed', async () => {
    const res = await postGraphQL(running.url, { query: '{ hello }' }, { 'x-request-id': 'abc-123_x.y:z' });
    assert.equal(res.headers.get('x-request-id'), 'abc-123_x.y:z');
  });

  test('a missing, overlong or odd x-request-id is replaced by a UUID', async () => {
    for (const headers of [{}, { 'x-request-id': 'a'.repeat(65) }, { 'x-request-id': 'a b<script>' }]) {
      const res = await fetch(`${running.url}/healthz`, { headers });
      assert.match(res.headers.get('x-request-id') ?? '', UUID);
    }
  });

  test('every kind of response carries one, including 404s', async () => {
    const res = await fetch(`${running.url}/nowhere`);
    assert.match(res.headers.get('x-request-id') ?? '', UUID);
  });
});

describe('health probes', () => {
  test('/healthz is always 200 {"status":"ok"}', async () => {
    ready = false;
    const res = await fetch(`${running.url}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  test('/readyz reports the checks: 200 when ready, 503 when not or when the probe throws', async () => {
    ready = true;
    let res = await fetch(`${running.url}/readyz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', checks: { database: true } });
    ready = false;
    res = await fetch(`${running.url}/readyz`);
    assert.equal(res.status, 503);
    assert.deepEqual(await res.json(), { status: 'unavailable', checks: { database: false } });
    (ready as unknown) = undefined;
    res = await fetch(`${running.url}/readyz`);
    assert.equal(res.status, 503);
    ready = true;
  });
});

describe('routing', () => {
  test('an unknown path is a 404 JSON error', async () => {
    const res = await fetch(`${running.url}/nowhere?x=1`);
    assert.equal(res.status, 404);
    assert.deepEqual(((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code, 'NOT_FOUND');
  });

  test('a wrong method is a 405 with Allow', async () => {
    const del = await fetch(`${running.url}/graphql`, { method: 'DELETE' });
    assert.equal(del.status, 405);
    assert.equal(del.headers.get('allow'), 'GET, POST');
    const post = await fetch(`${running.url}/healthz`, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET');
  });

  test('mutations over GET are refused with 405 Allow: POST; queries over GET work', async () => {
    const mutation = await fetch(`${running.url}/graphql?query=${encodeURIComponent('mutation { touch }')}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    assert.equal(mutation.status, 405);
    assert.equal(mutation.headers.get('allow'), 'POST');
    const query = await fetch(`${running.url}/graphql?query=${encodeURIComponent('{ hello(name: "get") }')}`);
    assert.equal(query.status, 200);
    assert.deepEqual(await query.json(), { data: { hello: 'hello get' } });
  });

  test('extra routes mounted by other modules are served', async () => {
    const res = await fetch(`${running.url}/v1/events`, { method: 'POST', body: '[]' });
    assert.equal(res.status, 202);
  });

  test('one access log line per request, with operation name, status, duration and request id', async () => {
    await postGraphQL(running.url, { query: 'query Greeting { hello }' }, { 'x-request-id': 'access-1' });
    await new Promise((resolve) => setImmediate(resolve));
    const lines = running.lines().filter((line) => line.msg === 'request' && line.requestId === 'access-1');
    assert.equal(lines.length, 1);
    const [line] = lines;
    assert.equal(line.method, 'POST');
    assert.equal(line.path, '/graphql');
    assert.equal(line.status, 200);
    assert.equal(line.operationName, 'Greeting');
    assert.equal(typeof line.durationMs, 'number');
  });
});
