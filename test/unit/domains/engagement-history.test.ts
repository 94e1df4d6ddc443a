/**
 * The engagement event history is deterministic per calendar day (a day holds
 * the same events whatever window it is seeded in) and references users and
 * items that exist at the same scale.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import engagement from '../../../domains/engagement/product.ts';
import { itemCount, userCount } from '../../../domains/shared/index.ts';

const eventsOf = (until: string, days: number, scale = 0.1) =>
  [...(engagement.seed?.events?.({ scale, until: new Date(until), days }) ?? [])].flatMap((b) => b.events.map((e) => ({ dataset: b.dataset, ...e })));

test('a calendar day holds the same events whichever window seeds it', () => {
  const wide = eventsOf('2026-11-10T00:00:00Z', 5).filter((e) => String(e.data.occurredAt).startsWith('2026-11-07'));
  const narrow = eventsOf('2026-11-08T00:00:00Z', 1);
  assert.ok(narrow.length > 0);
  assert.deepEqual(wide.map((e) => e.eventId).sort(), narrow.map((e) => e.eventId).sort());
  assert.deepEqual(
    wide.find((e) => e.eventId === narrow[0]?.eventId),
    narrow[0],
  );
});

test('the planned counts are what the history holds, ids are unique and references exist at the scale', () => {
  const context = { scale: 0.1, until: new Date('2026-11-10T00:00:00Z'), days: 4 };
  const events = eventsOf('2026-11-10T00:00:00Z', 4);
  const planned = engagement.seed?.plannedEvents?.(context) ?? {};
  for (const [dataset, count] of Object.entries(planned)) assert.equal(events.filter((e) => e.dataset === dataset).length, count, dataset);
  assert.equal(new Set(events.map((e) => e.eventId)).size, events.length);
  for (const e of events) {
    assert.ok(Number(String(e.data.userId).slice(1)) <= userCount(0.1), String(e.data.userId));
    assert.ok(Number(String(e.data.itemId).slice(1)) <= itemCount(0.1), String(e.data.itemId));
  }
  assert.ok(events.filter((e) => e.dataset === 'purchased').every((e) => typeof e.data.price === 'number' && e.data.price > 0));
});
