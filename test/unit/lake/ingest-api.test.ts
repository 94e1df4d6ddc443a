/** Segment mapping, limits, the HTTP routes, the GraphQL mutation, broker outages and metrics, on the embedded parts. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { graphql } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { JSONScalar, MeshgateError } from '../../../src/api/index.ts';
import { createGatewayHttpServer, type GatewayHttpServer } from '../../../src/gateway/http/index.ts';
import { createLogger } from '../../../src/observability/index.ts';
import { createLocalBroker, createPglitePlatformDatabase, type EventBroker, type PlatformDatabase } from '../../../src/sources/index.ts';
import type { GovernedContext } from '../../../src/governed/index.ts';
import { eventsRoutes, ingestResolvers, ingestTypeDefs, type IngestError } from '../../../src/lake/ingest/index.ts';
import { consumeIds, createHarness, freshDomain, viewed, type Harness } from './ingest-support.ts';

let dir: string;
let pglite: PGlite;
let broker: EventBroker;
let db: PlatformDatabase;
let h: Harness;
let server: GatewayHttpServer;
let url: string;
const MAX_EVENTS = 10;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'meshgate-ingest-api-'));
  broker = await createLocalBroker({ dir: path.join(dir, 'log') });
  pglite = await PGlite.create();
  db = createPglitePlatformDatabase(pglite);
  h = createHarness(freshDomain(), broker, db, MAX_EVENTS);
  // The routes as the gateway serves them; the enricher stands in for bearer authentication (x-role names the role).
  server = createGatewayHttpServer({
    engine: { apiSchema: makeExecutableSchema({ typeDefs: 'type Query { ok: Boolean }' }), execute: async () => ({ data: { ok: true } }) },
    logger: createLogger({ level: 'silent' }),
    graphiql: false,
    extraRoutes: eventsRoutes(h.ingestor),
    contextEnricher: (ctx) => {
      const role = ctx.headers['x-role'];
      if (role === undefined) throw new MeshgateError('a bearer token is required', { code: 'UNAUTHENTICATED', httpStatus: 401 });
      const { actor, access, audit } = h.as(role);
      Object.assign(ctx, { actor, access, audit });
    },
  });
  ({ url } = await server.listen(0));
});

after(async () => {
  await server.close();
  await broker.close();
  await pglite.close();
  await rm(dir, { recursive: true, force: true });
});

async function post(pathname: string, body: unknown, role: string | null = 'writer') {
  const response = await fetch(url + pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(role ? { 'x-role': role } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('Segment mapping', () => {
  test('track: event → dataset, messageId → eventId, userId and context.ip → fields, timestamp → event time', async () => {
    const messageId = randomUUID();
    const result = await h.ingestor.ingestSegment(
      [
        {
          type: 'track',
          event: 'viewed',
          messageId,
          userId: 'u5',
          anonymousId: 'anon',
          timestamp: '2025-06-01T08:00:00+02:00',
          context: { ip: '10.0.0.1', library: { name: 'analytics.js' } },
          properties: { itemId: 'i9', sessionId: 's', device: 'ios', country: 'FR' },
        },
      ],
      h.as('writer'),
    );
    assert.equal(result.rejected.length, 0, JSON.stringify(result.rejected));
    assert.equal(result.accepted[0]!.eventId, messageId);
    const [message] = await consumeIds(broker, `${h.domain}.viewed`, new Set([messageId]));
    assert.deepEqual(JSON.parse(message!.value.toString()), {
      eventId: messageId,
      userId: 'u5',
      itemId: 'i9',
      occurredAt: '2025-06-01T06:00:00.000Z',
      sessionId: 's',
      device: 'ios',
      country: 'FR',
      durationMs: null,
      ip: '10.0.0.1',
    });
  });

  test('qualified event names match; other message types and unknown events are rejected per event', async () => {
    const props = { itemId: 'i', sessionId: 's', device: 'web', country: 'DE' };
    const result = await h.ingestor.ingestSegment(
      [
        { type: 'identify', userId: 'u1', traits: {} },
        { type: 'track', event: `${h.domain}.read`, userId: 'u1', properties: props },
        { type: 'track', event: 'Signed Up', userId: 'u1', properties: {} },
        { type: 'page', name: 'Home' },
      ],
      h.as('writer'),
    );
    assert.deepEqual(
      result.accepted.map((a) => [a.index, a.dataset]),
      [[1, `${h.domain}.read`]],
    );
    assert.deepEqual(
      result.rejected.map((r) => [r.index, r.code]),
      [
        [0, 'UNSUPPORTED_EVENT_TYPE'],
        [2, 'UNKNOWN_DATASET'],
        [3, 'UNSUPPORTED_EVENT_TYPE'],
      ],
    );
  });
});

describe('limits and outages', () => {
  test('more than maxEvents fails the whole batch with BATCH_TOO_LARGE before anything is produced', async () => {
    const batch = Array.from({ length: MAX_EVENTS + 1 }, () => viewed(h.domain));
    await assert.rejects(h.ingestor.ingest(batch, h.as('writer')), (error: IngestError) => error.code === 'BATCH_TOO_LARGE');
  });

  test('a broker that is down: events rejected BROKER_UNAVAILABLE (retriable), no claim kept, a retry succeeds', async () => {
    const closed = await createLocalBroker({ dir: path.join(dir, 'closed') });
    await closed.close();
    const product = freshDomain();
    const down = createHarness(product, closed, db);
    const event = viewed(down.domain);
    const failed = await down.ingestor.ingest([event], down.as('writer'));
    assert.deepEqual(
      failed.rejected.map((r) => [r.code, r.retriable]),
      [['BROKER_UNAVAILABLE', true]],
    );
    const up = await createLocalBroker({ dir: path.join(dir, 'up') });
    try {
      const { ingestor } = createHarness(product, up, db);
      const retried = await ingestor.ingest([event], down.as('writer'));
      assert.deepEqual(
        retried.accepted.map((a) => a.duplicate),
        [false],
      );
    } finally {
      await up.close();
    }
  });

  test('metrics count accepted, duplicate and rejected events per dataset and code', async () => {
    const event = viewed(h.domain);
    await h.ingestor.ingest([event, event, viewed(h.domain, { device: 3 })], h.as('writer'));
    const text = await h.metrics.registry.metrics();
    assert.match(text, new RegExp(`meshgate_events_accepted_total\\{dataset="${h.domain}.viewed"\\} \\d+`));
    assert.match(text, new RegExp(`meshgate_events_duplicate_total\\{dataset="${h.domain}.viewed"\\} [1-9]`));
    assert.match(text, new RegExp(`meshgate_events_rejected_total\\{dataset="${h.domain}.viewed",code="WRONG_TYPE"\\} [1-9]`));
    assert.match(text, /meshgate_ingest_batch_seconds_count \d+/);
  });
});

describe('HTTP routes', () => {
  test('POST /v1/events answers 200 with accepted and rejected events, by index', async () => {
    const { status, body } = await post('/v1/events', { events: [viewed(h.domain), viewed(h.domain, { country: null })] });
    assert.equal(status, 200);
    assert.deepEqual(
      body.accepted.map((a: any) => a.index),
      [0],
    );
    assert.deepEqual(
      body.rejected.map((r: any) => [r.index, r.code, r.field]),
      [[1, 'MISSING_FIELD', 'country']],
    );
  });

  test('a bare JSON array is a batch too; Segment /v1/batch and /v1/track are served', async () => {
    assert.equal((await post('/v1/events', [viewed(h.domain)])).body.accepted.length, 1);
    const track = { type: 'track', event: 'listened', userId: 'u1', properties: { itemId: 'i', sessionId: 's', device: 'tv', country: 'NL', durationMs: 5 } };
    const batch = await post('/v1/batch', { batch: [track, { type: 'alias', userId: 'u1', previousId: 'x' }], context: { ip: '1.2.3.4' } });
    assert.deepEqual([batch.body.accepted.length, batch.body.rejected[0].code], [1, 'UNSUPPORTED_EVENT_TYPE']);
    assert.equal((await post('/v1/track', track)).body.accepted.length, 1);
  });

  test('malformed JSON is 400 BAD_REQUEST naming the position; a non-batch body is 400', async () => {
    const broken = await post('/v1/events', '{"events": [ {"dataset": "x", } ]}');
    assert.equal(broken.status, 400);
    assert.equal(broken.body.errors[0].extensions.code, 'BAD_REQUEST');
    assert.match(broken.body.errors[0].message, /position \d+/);
    const wrong = await post('/v1/events', { items: [] });
    assert.deepEqual([wrong.status, wrong.body.errors[0].extensions.code], [400, 'BAD_REQUEST']);
  });

  test('too many events is 413 BATCH_TOO_LARGE; a body over maxBytes is 413 PAYLOAD_TOO_LARGE', async () => {
    const many = await post(
      '/v1/events',
      Array.from({ length: MAX_EVENTS + 1 }, () => viewed(h.domain)),
    );
    assert.deepEqual([many.status, many.body.errors[0].extensions.code], [413, 'BATCH_TOO_LARGE']);
    const huge = await post('/v1/events', [viewed(h.domain, { sessionId: 'x'.repeat(h.ingestor.limits.maxBytes) })]);
    assert.deepEqual([huge.status, huge.body.errors[0].extensions.code], [413, 'PAYLOAD_TOO_LARGE']);
  });

  test("an unauthenticated request gets the authenticator's 401; a role without create gets FORBIDDEN per event", async () => {
    const anonymous = await post('/v1/events', [viewed(h.domain)], null);
    assert.deepEqual([anonymous.status, anonymous.body.errors[0].extensions.code], [401, 'UNAUTHENTICATED']);
    const reader = await post('/v1/events', [viewed(h.domain)], 'reader');
    assert.deepEqual([reader.status, reader.body.rejected[0].code], [200, 'FORBIDDEN']);
  });
});

describe('GraphQL ingestEvents', () => {
  const schema = () =>
    makeExecutableSchema({
      typeDefs: ['scalar JSON\ntype Query { ok: Boolean }\ntype Mutation { ok: Boolean }', ingestTypeDefs],
      resolvers: [{ JSON: JSONScalar }, ingestResolvers(h.ingestor)],
    });
  const mutation = `mutation($events: [IngestEventInput!]!) { ingestEvents(events: $events) {
    accepted { index eventId dataset partition offset duplicate } rejected { index code field reason retriable } } }`;

  test('ingests like POST /v1/events, reading access and audit from the context', async () => {
    const ctx: GovernedContext = h.as('writer');
    const first = viewed(h.domain);
    const events = [first, { dataset: `${h.domain}.viewed`, data: { userId: 'u1' } }];
    const result = await graphql({ schema: schema(), source: mutation, variableValues: { events }, contextValue: ctx });
    assert.equal(result.errors, undefined);
    const data = result.data!.ingestEvents as any;
    assert.deepEqual(
      data.accepted.map((a: any) => [a.index, a.eventId, a.duplicate]),
      [[0, first.eventId, false]],
    );
    assert.deepEqual(
      data.rejected.map((r: any) => [r.index, r.code]),
      [[1, 'MISSING_FIELD']],
    );
    assert.deepEqual(
      ctx.audit.resources().map((r) => [r.subject, r.action, r.rows]),
      [[`${h.domain}.lake.viewed`, 'create', 1]],
    );
  });

  test('a batch over maxEvents fails the field with BATCH_TOO_LARGE', async () => {
    const events = Array.from({ length: MAX_EVENTS + 1 }, () => viewed(h.domain));
    const result = await graphql({ schema: schema(), source: mutation, variableValues: { events }, contextValue: h.as('writer') });
    assert.equal(result.errors?.[0]?.extensions.code, 'BATCH_TOO_LARGE');
  });
});
