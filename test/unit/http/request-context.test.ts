import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema } from 'graphql';
import { MeshgateError } from '../../../src/api/index.ts';
import { createGatewayHttpServer } from '../../../src/gateway/http/index.ts';
import type { GraphQLEngine, RequestContext } from '../../../src/gateway/http/index.ts';
import { createCapturingLogger, postGraphQL } from './fixtures.ts';

test('the engine receives the request context, enriched before execution; an enricher MeshgateError sets the status', async () => {
  const seen: RequestContext[] = [];
  const engine: GraphQLEngine = {
    apiSchema: buildSchema('type Query { me: String }'),
    execute: async ({ contextValue }) => {
      seen.push(contextValue);
      return { data: { me: String(contextValue.actor) } };
    },
  };
  const { logger } = createCapturingLogger();
  const http = createGatewayHttpServer({
    engine,
    logger,
    contextEnricher: (ctx) => {
      if (ctx.headers.authorization !== 'Bearer ok') {
        throw new MeshgateError('A valid bearer token is required.', { code: 'UNAUTHENTICATED', httpStatus: 401 });
      }
      ctx.actor = 'ada';
    },
  });
  const { url } = await http.listen(0);
  try {
    const ok = await postGraphQL(url, { query: 'query Me { me }' }, { authorization: 'Bearer ok', 'user-agent': 'probe/1', 'x-request-id': 'ctx-1' });
    assert.deepEqual(await ok.json(), { data: { me: 'ada' } });
    const [ctx] = seen;
    assert.equal(ctx.requestId, 'ctx-1');
    assert.equal(ctx.userAgent, 'probe/1');
    assert.equal(ctx.operationName, 'Me');
    assert.equal(ctx.ip, '127.0.0.1');
    assert.equal(typeof ctx.startedAt, 'number');

    const denied = await postGraphQL(url, { query: '{ me }' });
    assert.equal(denied.status, 401);
    assert.deepEqual(await denied.json(), {
      errors: [{ message: 'A valid bearer token is required.', extensions: { code: 'UNAUTHENTICATED', requestId: denied.headers.get('x-request-id') } }],
    });
    assert.equal(seen.length, 1, 'a rejected request never reaches the engine');
  } finally {
    await http.close();
  }
});

test('an engine that throws answers 500 INTERNAL with the request id, never the message', async () => {
  const engine: GraphQLEngine = {
    apiSchema: buildSchema('type Query { me: String }'),
    execute: async () => {
      throw new Error('connection string postgres://secret@db');
    },
  };
  const { logger, lines } = createCapturingLogger();
  const http = createGatewayHttpServer({ engine, logger });
  const { url } = await http.listen(0);
  try {
    const res = await postGraphQL(url, { query: '{ me }' }, { 'x-request-id': 'crash-1' });
    assert.equal(res.status, 500);
    const text = await res.text();
    assert.doesNotMatch(text, /secret/);
    assert.deepEqual(JSON.parse(text), { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL', requestId: 'crash-1' } }] });
    assert.ok(lines().some((line) => line.requestId === 'crash-1' && line.level === 50));
  } finally {
    await http.close();
  }
});
