/**
 * Ingestion through the gateway: bearer auth, `create` per dataset and row
 * (app-user sends only its own events), per-event reasons, idempotent
 * retries, an access record per request, metrics — on the embedded profile
 * (local log + s3rver) and on Kafka + PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { requireEnv } from '../support/required-env.ts';
import { captureLogs, type CapturedLogs } from '../support/log-capture.ts';
import { tokenFor, startTestGateway, type TestGateway, type TestProfile } from '../support/test-gateway.ts';

const viewed = (userId: string, extra: Record<string, unknown> = {}) => ({
  dataset: 'engagement.viewed',
  eventId: randomUUID(),
  data: { userId, itemId: 'i00001', occurredAt: '2025-06-01T10:00:00Z', sessionId: 's1', device: 'web', country: 'DE', ...extra },
});

async function post(gateway: TestGateway, body: unknown, caller: Parameters<typeof tokenFor>[0]) {
  const token = await tokenFor(caller);
  const response = await fetch(`${gateway.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

for (const profile of ['embedded', 'services'] as TestProfile[]) {
  describe(`ingestion through the gateway (${profile} profile)`, () => {
    let gateway: TestGateway;
    let logs: CapturedLogs;
    before(async () => {
      const env: Record<string, string> = profile === 'services' ? { KAFKA_BROKERS: requireEnv('MESHGATE_TEST_KAFKA_BROKERS'), MESHGATE_SINK: 'off' } : {};
      logs = captureLogs();
      gateway = await startTestGateway({ profile, env, logger: logs.logger });
    });
    after(() => gateway?.close());

    it('accepts good events, rejects bad ones one by one, loses nothing else', async () => {
      const good = [viewed('u000007'), viewed('u000007', { durationMs: 1200 })];
      const batch = [
        good[0],
        { ...viewed('u000007'), data: { ...viewed('u000007').data, durationMs: 'long' } },
        { dataset: 'engagement.nope', data: {} },
        good[1],
      ];
      const { status, body } = await post(gateway, { events: batch }, { role: 'app-user', sub: 'u000007' });
      assert.equal(status, 200);
      assert.deepEqual(
        body.accepted.map((a: { index: number }) => a.index),
        [0, 3],
      );
      assert.deepEqual(
        body.accepted.map((a: { eventId: string }) => a.eventId),
        good.map((g) => g.eventId),
      );
      assert.deepEqual(
        body.rejected.map((r: { index: number; code: string }) => [r.index, r.code]),
        [
          [1, 'WRONG_TYPE'],
          [2, 'UNKNOWN_DATASET'],
        ],
      );
      assert.equal(body.rejected[0].field, 'durationMs');
    });

    it('app-user may send only its own events; anonymous none', async () => {
      const { body } = await post(gateway, [viewed('u000007'), viewed('u000008')], { role: 'app-user', sub: 'u000007' });
      assert.deepEqual(
        body.accepted.map((a: { index: number }) => a.index),
        [0],
      );
      assert.deepEqual(
        body.rejected.map((r: { code: string }) => r.code),
        ['FORBIDDEN'],
      );
      const anonymous = await post(gateway, [viewed('u000007')], { anonymous: true });
      assert.deepEqual(
        anonymous.body.rejected.map((r: { code: string }) => r.code),
        ['FORBIDDEN'],
      );
    });

    it('a retry of the same events is acknowledged as duplicates, not sent again', async () => {
      const events = [viewed('u000007'), viewed('u000007')];
      const first = await post(gateway, events, { role: 'admin' });
      const retry = await post(gateway, events, { role: 'admin' });
      assert.deepEqual(
        retry.body.accepted.map((a: { duplicate: boolean }) => a.duplicate),
        [true, true],
      );
      assert.deepEqual(
        retry.body.accepted.map((a: { offset: string }) => a.offset),
        first.body.accepted.map((a: { offset: string }) => a.offset),
      );
    });

    it('malformed JSON is 400 BAD_REQUEST; a bad token 401; each request leaves an access record', async () => {
      const malformed = await post(gateway, '{"events": [', { role: 'admin' });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.errors[0].extensions.code, 'BAD_REQUEST');
      const response = await fetch(`${gateway.url}/v1/events`, { method: 'POST', headers: { authorization: 'Bearer nope' }, body: '[]' });
      assert.equal(response.status, 401);
      const log = await gateway.query(
        '{ auditLog(where: { subject: "engagement.lake.viewed" }, first: 50) { edges { node { operationName actor { roles } resources { action decision rows } } } } }',
      );
      const records = log.body.data.auditLog.edges.map((e: { node: any }) => e.node);
      assert.ok(
        records.some(
          (r: any) => r.operationName === 'POST /v1/events' && r.resources.some((x: any) => x.action === 'create' && x.decision === 'allow' && x.rows > 0),
        ),
      );
    });

    it('a request without x-request-id gets one id: in its response header, its HTTP log line and its access record', async () => {
      const token = await tokenFor({ role: 'app-user', sub: 'u000007' });
      const response = await fetch(`${gateway.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify([viewed('u000007')]),
      });
      assert.equal(response.status, 200);
      await response.arrayBuffer();
      const requestId = response.headers.get('x-request-id');
      assert.match(requestId ?? '', /^[0-9a-f-]{36}$/);
      // The HTTP log line is written when the response finishes, which may be just after the client saw it.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const httpLines = logs.lines().filter((line) => line.msg === 'request' && line.path === '/v1/events' && line.requestId === requestId);
      assert.equal(httpLines.length, 1);
      assert.equal(httpLines[0]!.status, 200);
      const log = await gateway.query(
        'query($id: String!) { auditLog(where: { requestId: $id }) { edges { node { requestId operationName actor { sub } } } } }',
        { id: requestId },
      );
      assert.deepEqual(
        log.body.data.auditLog.edges.map((e: { node: unknown }) => e.node),
        [{ requestId, operationName: 'POST /v1/events', actor: { sub: 'u000007' } }],
      );
    });

    it('ingestEvents does the same through GraphQL; /metrics counts it', async () => {
      const event = viewed('u000007');
      const response = await gateway.query(
        'mutation($events: [IngestEventInput!]!) { ingestEvents(events: $events) { accepted { eventId dataset } rejected { code } } }',
        { events: [event] },
      );
      assert.deepEqual(response.body.data.ingestEvents, { accepted: [{ eventId: event.eventId, dataset: 'engagement.viewed' }], rejected: [] });
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      assert.match(metrics, /meshgate_events_accepted_total\{dataset="engagement.viewed"\} \d+/);
      assert.match(metrics, /meshgate_events_rejected_total\{[^}]*code="FORBIDDEN"[^}]*\} \d+/);
    });
  });
}
