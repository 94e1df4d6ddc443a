import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SECRET, postGraphQL, startTestServer } from './fixtures.ts';
import type { RunningServer } from './fixtures.ts';

let running: RunningServer;
before(async () => {
  running = await startTestServer({ maxBodyBytes: 64 * 1024 });
});
after(() => running.close());

type ErrorBody = { data?: unknown; errors: Array<{ message: string; path?: unknown; extensions?: Record<string, unknown> }> };

describe('request errors', () => {
  test('malformed JSON is a 400 with code BAD_REQUEST and no stack trace', async () => {
    const res = await postGraphQL(running.url, '{"query": "{ hello }"');
    assert.equal(res.status, 400);
    const text = await res.text();
    const body = JSON.parse(text) as ErrorBody;
    assert.deepEqual(body, { errors: [{ message: 'Unparsable JSON body', extensions: { code: 'BAD_REQUEST' } }] });
    assert.doesNotMatch(text, /\bat .+\.(ts|js):\d+/);
  });

  test('a body over the limit is a 413 PAYLOAD_TOO_LARGE, whether declared or streamed', async () => {
    const huge = JSON.stringify({ query: `{ hello(name: "${'x'.repeat(100 * 1024)}") }` });
    const declared = await postGraphQL(running.url, huge);
    assert.equal(declared.status, 413);
    const body = (await declared.json()) as ErrorBody;
    assert.equal(body.errors[0].extensions?.code, 'PAYLOAD_TOO_LARGE');

    const chunks = [new TextEncoder().encode(huge)];
    const streamed = await fetch(`${running.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        pull(c) {
          const next = chunks.shift();
          if (next) c.enqueue(next);
          else c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    assert.equal(streamed.status, 413);
  });

  test('a body just under the limit is served', async () => {
    const res = await postGraphQL(running.url, { query: `{ hello(name: "${'y'.repeat(60 * 1024)}") }` });
    assert.equal(res.status, 200);
  });

  test('parse errors are GRAPHQL_PARSE_FAILED, 400 for graphql-response+json, 200 for application/json', async () => {
    const strict = await postGraphQL(running.url, { query: '{ hello' });
    assert.equal(strict.status, 400);
    assert.equal(((await strict.json()) as ErrorBody).errors[0].extensions?.code, 'GRAPHQL_PARSE_FAILED');
    const legacy = await postGraphQL(running.url, { query: '{ hello' }, { accept: 'application/json' });
    assert.equal(legacy.status, 200);
    assert.match(legacy.headers.get('content-type') ?? '', /^application\/json/);
  });

  test('validation errors are GRAPHQL_VALIDATION_FAILED with locations', async () => {
    const res = await postGraphQL(running.url, { query: '{ nope }' });
    assert.equal(res.status, 400);
    const body = (await res.json()) as ErrorBody & { errors: Array<{ locations?: unknown }> };
    assert.equal(body.errors[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.match(body.errors[0].message, /Cannot query field "nope"/);
    assert.deepEqual(body.errors[0].locations, [{ line: 1, column: 3 }]);
  });

  test('wrongly typed variables are BAD_USER_INPUT', async () => {
    const res = await postGraphQL(running.url, { query: 'query($ms: Int!) { slow(ms: $ms) }', variables: { ms: 'soon' } });
    const body = (await res.json()) as ErrorBody;
    assert.equal(body.errors[0].extensions?.code, 'BAD_USER_INPUT');
    assert.equal(body.data, undefined);
  });
});

describe('error masking', () => {
  test('a resolver throwing a plain Error is masked as INTERNAL with the request id, and logged', async () => {
    const res = await postGraphQL(running.url, { query: '{ boom hello }' }, { 'x-request-id': 'mask-test-1' });
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.doesNotMatch(text, /hunter2|stack|exception/);
    const body = JSON.parse(text) as ErrorBody;
    assert.deepEqual(body.data, { boom: null, hello: 'hello world' });
    assert.deepEqual(body.errors, [
      {
        message: 'Unexpected error.',
        locations: [{ line: 1, column: 3 }],
        path: ['boom'],
        extensions: { code: 'INTERNAL', requestId: 'mask-test-1' },
      },
    ]);
    const logged = running.lines().find((line) => line.msg === 'unexpected error masked' && line.requestId === 'mask-test-1');
    assert.ok(logged, 'the masked error is logged with its request id');
    const err = logged.err as { message: string; stack: string };
    assert.equal(err.message, SECRET);
    assert.match(err.stack, /fixtures\.ts/);
  });

  test('a MeshgateError with BAD_USER_INPUT keeps its message, code and details', async () => {
    const res = await postGraphQL(running.url, { query: '{ badInput }' });
    const body = (await res.json()) as ErrorBody;
    assert.deepEqual(body.errors[0].extensions, { field: 'limit', code: 'BAD_USER_INPUT' });
    assert.equal(body.errors[0].message, 'limit must be at most 100');
  });
});
