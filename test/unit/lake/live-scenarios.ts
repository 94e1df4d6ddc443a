/**
 * Live-stream scenarios, run on the local broker by the unit suite and on
 * Kafka by the integration suite: graphql-js `subscribe` against the live
 * schema (policies, where, back-pressure) and a real graphql-ws client over
 * WebSocket (auth, audit, streaming).
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, subscribe, type ExecutionResult } from 'graphql';
import type { EventBroker } from '../../../src/sources/index.ts';
import {
  fieldName,
  liveFixture,
  liveRecord,
  startLiveHttp,
  take,
  withTimeout,
  wsClient,
  wsSubscribe,
  type LiveFixture,
  type LiveHttp,
} from './live-support.ts';

type Stream = AsyncGenerator<ExecutionResult>;

async function subscribeAs(fixture: LiveFixture, ctx: object, query: string, variables?: Record<string, unknown>): Promise<Stream | ExecutionResult> {
  return (await subscribe({ schema: fixture.schema, document: parse(query), rootValue: { hub: fixture.hub }, contextValue: ctx, variableValues: variables })) as
    | Stream
    | ExecutionResult;
}

/** Streams a test opened; returned after each test, so a failed test does not leave subscribers behind for the next. */
const opened = new Set<Stream>();

function asStream(result: Stream | ExecutionResult): Stream {
  assert.ok(Symbol.asyncIterator in result, `expected a stream, got ${JSON.stringify(result)}`);
  opened.add(result as Stream);
  return result as Stream;
}

async function returnOpened(): Promise<void> {
  for (const stream of opened) await stream.return(undefined);
  opened.clear();
}

/** Waits until the hub has `count` subscribers (graphql-js subscribes asynchronously). */
async function subscribers(fixture: LiveFixture, count: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (fixture.hub.activeSubscriptions() !== count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} subscribers, have ${fixture.hub.activeSubscriptions()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function liveScenarios(label: string, openBroker: () => EventBroker | Promise<EventBroker>): void {
  describe(`live streams (${label})`, () => {
    let fixture: LiveFixture;
    let field: string;
    before(async () => {
      // Produced before the hub started, and matching the first test's where: never replayed.
      fixture = await liveFixture(await openBroker(), {
        beforeHub: (f) =>
          f.produce(
            f.viewed,
            [12, 16, 20].map((i) => liveRecord(i, 'old')),
          ),
      });
      field = fieldName(fixture.viewed);
    });
    after(() => fixture?.close());
    afterEach(returnOpened);

    test('a subscriber gets events produced after it subscribed, filtered by where, none from before', async () => {
      const query = `subscription { ${field}(where: { country: { eq: "DE" }, occurredAt: { gte: "2025-06-01T00:10:00Z" } }) { eventId country occurredAt durationMs } }`;
      const stream = asStream(await subscribeAs(fixture, fixture.as('reader'), query));
      await subscribers(fixture, 1);
      await fixture.produce(
        fixture.viewed,
        Array.from({ length: 24 }, (_, i) => liveRecord(i)),
      );
      const events = (await take(stream, 3)).map((r) => (r.data as any)[field]);
      assert.deepEqual(events.map((e) => e.eventId).sort(), ['e00012', 'e00016', 'e00020']);
      assert.deepEqual(
        { ...events.find((e) => e.eventId === 'e00016') },
        { eventId: 'e00016', country: 'DE', occurredAt: '2025-06-01T00:16:00.000Z', durationMs: 160 },
      );
      await assertNothingMore(stream);
      assert.equal(fixture.hub.activeSubscriptions(), 0, 'return() unsubscribes');
    });

    test("a row condition admits only the subscriber's rows; a denied field is null with FORBIDDEN at its path", async () => {
      const ctx = fixture.as('support', { country: 'FR' });
      const stream = asStream(await subscribeAs(fixture, ctx, `subscription { ${field} { eventId country ip } }`));
      await subscribers(fixture, 1);
      await fixture.produce(
        fixture.viewed,
        Array.from({ length: 8 }, (_, i) => liveRecord(100 + i, 'r')),
      );
      const results = await take(stream, 2);
      assert.deepEqual(results.map((r) => (r.data as any)[field].eventId).sort(), ['r00101', 'r00105']);
      for (const result of results) {
        assert.equal((result.data as any)[field].country, 'FR');
        assert.equal((result.data as any)[field].ip, null);
        assert.equal(result.errors?.length, 1);
        assert.equal(result.errors![0]!.extensions.code, 'FORBIDDEN');
        assert.deepEqual(result.errors![0]!.path, [field, 'ip']);
      }
      await assertNothingMore(stream);
      const [resource] = ctx.audit.resources();
      assert.equal(resource?.subject, fixture.viewed.subject);
      assert.equal(resource?.decision, 'partial');
      assert.ok(!resource?.fields.includes('ip') && resource?.fields.includes('country'));
    });

    test('a role without read is refused at subscribe time, and the refusal is recorded', async () => {
      const ctx = fixture.as('writer');
      const result = await subscribeAs(fixture, ctx, `subscription { ${field} { eventId } }`);
      assert.ok(!(Symbol.asyncIterator in result));
      assert.equal((result as ExecutionResult).errors?.[0]?.extensions.code, 'FORBIDDEN');
      assert.equal(fixture.hub.activeSubscriptions(), 0);
      assert.deepEqual(
        ctx.audit.resources().map((r) => [r.subject, r.action, r.decision]),
        [[fixture.viewed.subject, 'read', 'deny']],
      );
    });

    test('filtering on a field the subscriber may not read is refused (it would leak the field)', async () => {
      const result = await subscribeAs(
        fixture,
        fixture.as('support', { country: 'FR' }),
        `subscription { ${field}(where: { ip: { eq: "10.0.0.1" } }) { eventId } }`,
      );
      assert.equal((result as ExecutionResult).errors?.[0]?.extensions.code, 'FORBIDDEN');
      assert.equal(fixture.hub.activeSubscriptions(), 0);
    });

    wsScenarios(() => fixture);
  });

  test(`live hub (${label}): events produced right after it started arrive, undecodable ones are skipped; close completes streams`, async () => {
    const broker = await openBroker();
    const own = await liveFixture(broker);
    try {
      const stream = own.hub.subscribe(own.viewed.qualifiedName, (event) => event.eventId);
      await broker.produce(own.viewed.topic, [{ key: 'u1', value: 'not json' }]);
      await own.produce(own.viewed, [liveRecord(1, 's'), liveRecord(2, 's')]);
      assert.deepEqual((await take(stream, 2)).sort(), ['s00001', 's00002']);
      const waiting = stream.next();
      await own.hub.close();
      assert.deepEqual(await waiting, { value: undefined, done: true });
      assert.throws(
        () => own.hub.subscribe(own.viewed.qualifiedName, () => 1),
        (error: any) => error.code === 'HUB_CLOSED',
      );
    } finally {
      await own.close();
    }
  });

  describe(`live back-pressure (${label})`, () => {
    let fixture: LiveFixture;
    before(async () => {
      fixture = await liveFixture(await openBroker(), { queueLimit: 5 });
    });
    after(() => fixture?.close());
    afterEach(returnOpened);

    test('a slow subscriber is cut off with SLOW_SUBSCRIBER without slowing another', async () => {
      const field = fieldName(fixture.viewed);
      const query = `subscription { ${field} { eventId } }`;
      const slow = asStream(await subscribeAs(fixture, fixture.as('reader'), query));
      const fast = asStream(await subscribeAs(fixture, fixture.as('reader'), query));
      await subscribers(fixture, 2);
      // The fast subscriber drains each chunk before the next is produced (a loaded machine may otherwise hand the hub
      // all 40 in one batch, overflowing every queue); the slow one never reads and overflows.
      const fastEvents: ExecutionResult[] = [];
      for (let i = 0; i < 40; i += 4) {
        const reading = take(fast, 4, 20_000);
        await fixture.produce(
          fixture.viewed,
          [i, i + 1, i + 2, i + 3].map((n) => liveRecord(n, 'b')),
        );
        fastEvents.push(...(await reading));
      }
      assert.equal(new Set(fastEvents.map((r) => (r.data as any)[field].eventId)).size, 40);
      assert.equal(fixture.hub.activeSubscriptions(), 1, 'the slow one was detached at once');
      const queued = await take(slow, 5);
      assert.equal(queued.length, 5, 'what was queued is still delivered');
      await assert.rejects(slow.next(), (error: any) => error.extensions?.code === 'SLOW_SUBSCRIBER');
      const metric = await fixture.registry.getSingleMetricAsString('meshgate_live_slow_subscribers_total');
      assert.match(metric, new RegExp(`dataset="${fixture.viewed.qualifiedName.replace('.', '\\.')}"} 1`));
      await fast.return(undefined);
    });
  });
}

async function assertNothingMore(stream: Stream): Promise<void> {
  const extra = await withTimeout(stream.next(), 400, 'no event').then(
    (r) => r,
    () => undefined,
  );
  assert.equal(extra, undefined, `unexpected event ${JSON.stringify(extra)}`);
  await stream.return(undefined);
}

function wsScenarios(current: () => LiveFixture): void {
  describe('over WebSocket (graphql-ws)', () => {
    let http: LiveHttp;
    before(async () => {
      http = await startLiveHttp(current());
    });
    after(() => http?.close());

    test('a client with a bearer token streams events; the subscription is recorded once', async () => {
      const fixture = current();
      const field = fieldName(fixture.viewed);
      const client = wsClient(http.url, `Bearer ${await http.token('support', { country: 'NL' })}`);
      try {
        const sub = wsSubscribe(client, `subscription($w: ${liveWhere(fixture)}) { ${field}(where: $w) { eventId country ip } }`, {
          w: { durationMs: { gte: 2080 } },
        });
        await subscribers(fixture, 1);
        await fixture.produce(
          fixture.viewed,
          Array.from({ length: 16 }, (_, i) => liveRecord(200 + i, 'w')),
        );
        await sub.waitFor(2);
        assert.deepEqual(sub.results.map((r) => r.data[field].eventId).sort(), ['w00211', 'w00215']);
        for (const result of sub.results) {
          assert.equal(result.data[field].ip, null);
          assert.equal(result.errors?.[0]?.extensions?.code, 'FORBIDDEN');
        }
        assert.equal(http.recorded.length, 1);
        assert.equal(http.recorded[0]!.outcome.status, 200);
        assert.equal(http.recorded[0]!.resources[0]!.decision, 'partial');
        sub.unsubscribe();
        await subscribers(fixture, 0);
      } finally {
        await client.dispose();
      }
    });

    test('a refused token closes the socket with 4403; a role without read gets FORBIDDEN', async () => {
      const fixture = current();
      const field = fieldName(fixture.viewed);
      const bad = wsClient(http.url, 'Bearer not-a-jwt');
      const refused = wsSubscribe(bad, `subscription { ${field} { eventId } }`);
      await withTimeout(refused.ended, 5_000, 'the socket to close');
      assert.equal(refused.failure, 4403);
      await bad.dispose();

      const before = http.recorded.length;
      const writer = wsClient(http.url, `Bearer ${await http.token('writer')}`);
      const denied = wsSubscribe(writer, `subscription { ${field} { eventId } }`);
      await withTimeout(denied.ended, 5_000, 'the refusal');
      assert.equal(denied.results[0]?.errors?.[0]?.extensions?.code, 'FORBIDDEN');
      assert.equal(http.recorded.length, before + 1);
      assert.equal(http.recorded.at(-1)!.outcome.status, 403);
      await writer.dispose();
    });

    test('when the subscription cannot be recorded, it is not started (AUDIT_UNAVAILABLE)', async () => {
      const fixture = current();
      const strict = await startLiveHttp(fixture, { auditFails: true });
      const client = wsClient(strict.url, `Bearer ${await strict.token('reader')}`);
      try {
        const sub = wsSubscribe(client, `subscription { ${fieldName(fixture.viewed)} { eventId } }`);
        await withTimeout(sub.ended, 5_000, 'the refusal');
        assert.equal(sub.results[0]?.errors?.[0]?.extensions?.code, 'AUDIT_UNAVAILABLE');
        await subscribers(fixture, 0);
      } finally {
        await client.dispose();
        await strict.close();
      }
    });
  });
}

function liveWhere(fixture: LiveFixture): string {
  const { domain, name } = fixture.viewed;
  return `${domain[0]!.toUpperCase()}${domain.slice(1)}${name[0]!.toUpperCase()}${name.slice(1)}LiveWhere`;
}
