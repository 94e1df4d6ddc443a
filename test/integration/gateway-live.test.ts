/**
 * Live subscriptions through the gateway (embedded profile): a subscriber on
 * /graphql/live receives events ingested after it subscribed, narrowed by its
 * `where` and its policy (app-user: its own events, no pii).
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws/client';
import { startTestGateway, tokenFor, type Caller, type TestGateway } from '../support/test-gateway.ts';

let gateway: TestGateway;
const clients: Client[] = [];
before(async () => {
  gateway = await startTestGateway({ profile: 'embedded' });
});
after(async () => {
  for (const client of clients) await client.dispose();
  await gateway?.close();
});

async function subscribe(caller: Caller, query: string, count: number): Promise<{ next: Promise<any[]> }> {
  const token = await tokenFor(caller);
  const client = createClient({
    url: `${gateway.url.replace('http', 'ws')}/graphql/live`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: false,
  });
  clients.push(client);
  const received: any[] = [];
  let ready!: () => void;
  const subscribed = new Promise<void>((r) => (ready = r));
  const next = new Promise<any[]>((resolve, reject) => {
    client.on('connected', () => setTimeout(ready, 1000));
    client.subscribe(
      { query },
      {
        next: (value) => {
          received.push(value);
          if (received.length === count) resolve(received);
        },
        error: reject,
        complete: () => resolve(received),
      },
    );
  });
  await subscribed;
  return { next };
}

const event = (userId: string, country: string) => ({
  dataset: 'engagement.viewed',
  eventId: randomUUID(),
  data: { userId, itemId: 'i00001', occurredAt: '2025-06-01T10:00:00Z', sessionId: 's', device: 'web', country, ip: '10.1.1.1' },
});

it('streams new events filtered by where and by policy', async () => {
  const fr = await subscribe({ role: 'admin' }, 'subscription { engagementViewed(where: { country: { eq: "FR" } }) { eventId country ip } }', 2);
  const own = await subscribe({ role: 'app-user', sub: 'u000001' }, 'subscription { engagementViewed { eventId userId ip } }', 1);
  const sent = [event('u000001', 'DE'), event('u000002', 'FR'), event('u000003', 'FR')];
  const token = await tokenFor({ role: 'admin' });
  const response = await fetch(`${gateway.url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(sent),
  });
  assert.equal(response.status, 200);
  const frEvents = await fr.next;
  assert.deepEqual(frEvents.map((e) => e.data.engagementViewed.eventId).sort(), [sent[1]!.eventId, sent[2]!.eventId].sort());
  assert.ok(frEvents.every((e) => e.data.engagementViewed.ip === '10.1.1.1'));
  const [mine] = await own.next;
  assert.equal(mine.data.engagementViewed.eventId, sent[0]!.eventId);
  assert.equal(mine.data.engagementViewed.ip, null);
  assert.equal(mine.errors?.[0]?.extensions?.code, 'FORBIDDEN');
});
