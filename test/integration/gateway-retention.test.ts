/**
 * Retention in a running gateway (embedded profile, sink in process): events
 * older than engagement's 365 days land, and the gateway's retention job
 * removes their objects while the recent ones stay readable; the removals
 * show in /metrics.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestGateway, tokenFor, type TestGateway } from '../support/test-gateway.ts';

const today = new Date().toISOString().slice(0, 10);
const event = (i: number, occurredAt: string) => ({
  dataset: 'engagement.viewed',
  eventId: randomUUID(),
  data: { userId: `u00000${i % 3}`, itemId: 'i-retention', occurredAt, sessionId: `s${i}`, device: 'web', country: 'DE' },
});
const PARTITIONS = '{ engagement { lake { viewed { partitions { dt files rows } } } } }';

describe('lake retention in the gateway (embedded profile)', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway({ profile: 'embedded', env: { MESHGATE_SINK: 'in-process', MESHGATE_LAKE_RETENTION_INTERVAL_SECONDS: '1' } });
  });
  after(() => gateway?.close());

  it('removes the objects past retentionDays on its interval and keeps the recent ones', { timeout: 90_000 }, async () => {
    const events = [
      ...Array.from({ length: 6 }, (_, i) => event(i, '2024-01-01T10:00:00Z')),
      ...Array.from({ length: 4 }, (_, i) => event(i, new Date().toISOString())),
    ];
    const response = await fetch(`${gateway.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenFor({ role: 'admin' })}`, 'content-type': 'application/json' },
      body: JSON.stringify(events),
    });
    assert.equal(((await response.json()) as { accepted: unknown[] }).accepted.length, events.length);
    let partitions: Array<{ dt: string; rows: number }> = [];
    let removed = 0;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      partitions = (await gateway.query(PARTITIONS)).body.data.engagement.lake.viewed.partitions;
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      removed = Number(/meshgate_lake_retention_files_removed_total\{dataset="engagement\.viewed"\} (\d+)/.exec(metrics)?.[1] ?? 0);
      if (removed > 0 && partitions.some((p) => p.dt === today)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.ok(removed > 0, 'the job removed the expired objects and counted them');
    assert.deepEqual(
      partitions.filter((p) => p.dt < '2025-01-01'),
      [],
      'no expired partition is left',
    );
    assert.equal(partitions.find((p) => p.dt === today)?.rows, 4, 'the recent events stay');
  });
});
