/** The route contract (src/routes) as the gateway serves it: request ids, governance, body limits, masking, completion. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MeshgateError } from '../../../src/api/index.ts';
import type { OperationOutcome, RequestContext } from '../../../src/gateway/http/index.ts';
import type { Route } from '../../../src/routes/index.ts';
import { startTestServer, type RunningServer } from './fixtures.ts';

const completed: { ctx: RequestContext; outcome: OperationOutcome }[] = [];
let failCompletion = false;

const routes: Route[] = [
  {
    method: 'POST',
    path: '/echo',
    governance: 'governed',
    maxBodyBytes: 64,
    async handle(exchange) {
      const body = await exchange.readJson();
      await exchange.sendJson(200, {
        body,
        requestId: exchange.requestId,
        sub: exchange.context.actor.sub,
        sameId: exchange.context.requestId === exchange.requestId,
      });
    },
  },
  {
    method: 'POST',
    path: '/crash',
    governance: 'governed',
    handle: () => {
      throw new Error('password=hunter2');
    },
  },
  { method: 'POST', path: '/silent', governance: 'governed', handle: () => {} },
  {
    method: 'POST',
    path: '/twice',
    governance: 'governed',
    async handle(exchange) {
      await exchange.sendJson(200, {});
      await exchange.sendJson(200, {});
    },
  },
  { method: 'GET', path: '/text', governance: 'public', handle: (exchange) => exchange.send(200, 'plain', { 'content-type': 'text/plain' }) },
];

let running: RunningServer;
before(async () => {
  running = await startTestServer({
    graphiql: false,
    extraRoutes: routes,
    contextEnricher: (ctx) => {
      if (ctx.headers.authorization === undefined) throw new MeshgateError('A valid bearer token is required.', { code: 'UNAUTHENTICATED', httpStatus: 401 });
      if (ctx.headers.authorization === 'Bearer nobody') return;
      Object.assign(ctx, { actor: { sub: 'ada', roles: ['writer'], claims: {} }, access: {}, audit: { touch() {}, resources: () => [] } });
    },
    onOperationComplete: async (ctx, outcome) => {
      completed.push({ ctx, outcome });
      if (failCompletion)
        throw new MeshgateError('The access log is unavailable; the request was not served.', { code: 'AUDIT_UNAVAILABLE', httpStatus: 503, retriable: true });
    },
  });
});
after(() => running.close());

function post(path: string, body: string, headers: Record<string, string> = { authorization: 'Bearer ok' }) {
  return fetch(`${running.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

describe('governed routes', () => {
  test('one request id in the header, the exchange, the context, the HTTP log line and the completed record', async () => {
    completed.length = 0;
    const res = await post('/echo', '{"a":1}');
    const id = res.headers.get('x-request-id');
    assert.deepEqual(await res.json(), { body: { a: 1 }, requestId: id, sub: 'ada', sameId: true });
    assert.deepEqual(
      completed.map((c) => [c.ctx.requestId, c.ctx.operationName, c.outcome.status]),
      [[id, 'POST /echo', 200]],
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(running.lines().filter((line) => line.msg === 'request' && line.requestId === id).length, 1);
  });

  test("a refused caller gets the enricher's 401 (recorded, best effort); no decider fails closed with 403", async () => {
    completed.length = 0;
    const refused = await post('/echo', '{}', {});
    assert.equal(refused.status, 401);
    assert.deepEqual(await refused.json(), {
      errors: [{ message: 'A valid bearer token is required.', extensions: { code: 'UNAUTHENTICATED', retriable: false } }],
    });
    const ungoverned = await post('/echo', '{}', { authorization: 'Bearer nobody' });
    assert.equal(ungoverned.status, 403);
    assert.equal(((await ungoverned.json()) as any).errors[0].extensions.code, 'FORBIDDEN');
    assert.deepEqual(
      completed.map((c) => c.outcome.status),
      [401, 403],
    );
  });

  test("malformed JSON is 400 BAD_REQUEST with the parser's message; past the route's limit 413, connection closed", async () => {
    const malformed = await post('/echo', '{"a":');
    assert.equal(malformed.status, 400);
    const body = (await malformed.json()) as any;
    assert.equal(body.errors[0].extensions.code, 'BAD_REQUEST');
    assert.match(body.errors[0].message, /^malformed JSON: /);
    const large = await post('/echo', JSON.stringify({ text: 'x'.repeat(100) }));
    assert.equal(large.status, 413);
    assert.equal(large.headers.get('connection'), 'close');
    assert.deepEqual(((await large.json()) as any).errors[0].extensions, { code: 'PAYLOAD_TOO_LARGE', retriable: false });
  });

  test('an unexpected throw is a masked 500 INTERNAL with the request id, logged with it, never the message', async () => {
    const res = await post('/crash', '{}', { authorization: 'Bearer ok', 'x-request-id': 'route-crash-1' });
    assert.equal(res.status, 500);
    const text = await res.text();
    assert.doesNotMatch(text, /hunter2|at /);
    assert.deepEqual(JSON.parse(text), {
      errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL', requestId: 'route-crash-1', retriable: false } }],
    });
    assert.ok(running.lines().some((line) => line.requestId === 'route-crash-1' && line.level === 50));
  });

  test('a route that never answers is a 500; answering twice keeps the first answer', async () => {
    assert.equal((await post('/silent', '{}')).status, 500);
    const twice = await post('/twice', '{}');
    assert.deepEqual([twice.status, await twice.json()], [200, {}]);
  });

  test('a record that cannot be written replaces the answer with its 503 and code', async () => {
    failCompletion = true;
    try {
      const res = await post('/echo', '{}');
      assert.equal(res.status, 503);
      assert.deepEqual(await res.json(), {
        errors: [{ message: 'The access log is unavailable; the request was not served.', extensions: { code: 'AUDIT_UNAVAILABLE', retriable: true } }],
      });
    } finally {
      failCompletion = false;
    }
  });
});

describe('public routes', () => {
  test('are served without the enricher or an access record', async () => {
    completed.length = 0;
    const res = await fetch(`${running.url}/text`);
    assert.deepEqual([res.status, res.headers.get('content-type'), await res.text()], [200, 'text/plain', 'plain']);
    assert.equal(completed.length, 0);
  });
});
