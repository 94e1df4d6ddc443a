/** The demo domains' pipeline steps on in-memory records, with testStep (no service). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStep } from '../../../src/pipelines/index.ts';
import identity from '../../../domains/identity/product.ts';
import engagement from '../../../domains/engagement/product.ts';
import commerce from '../../../domains/commerce/product.ts';
import { sortRows } from './support.ts';

const DAY = '2026-11-10';
const day = new Date('2026-11-10T00:00:00Z');
const mesh = [identity, commerce];

test('identity usersSnapshot.snapshot: accounts existing by the end of the day, no personal data', async () => {
  const users = [
    { id: 'u1', name: 'Ada', email: 'ada@example.org', country: 'DE', city: 'Berlin', tier: 'pro', createdAt: '2026-01-05T10:00:00Z' },
    { id: 'u2', name: 'Bo', email: 'bo@example.org', country: 'FR', city: 'Lyon', tier: 'free', createdAt: '2026-11-10T23:59:00Z' },
    { id: 'u3', name: 'Cy', email: 'cy@example.org', country: 'SE', city: 'Lund', tier: 'plus', createdAt: '2026-11-11T00:00:00Z' },
  ];
  const { rows, checks } = await testStep(identity, 'usersSnapshot.snapshot', { users }, { partition: DAY });
  assert.deepEqual(sortRows(rows), [
    { userId: 'u1', country: 'DE', tier: 'pro', signupDay: new Date('2026-01-05T00:00:00Z'), snapshotDay: day },
    { userId: 'u2', country: 'FR', tier: 'free', signupDay: new Date('2026-11-10T00:00:00Z'), snapshotDay: day },
  ]);
  assert.ok(checks.every((c) => c.passed));
});

test('engagement itemStats.daily: views, listens, reads, purchases, users and revenue per item for the day', async () => {
  const event = (userId: string, itemId: string, occurredAt: string, extra: Record<string, unknown> = {}) => ({
    userId,
    itemId,
    occurredAt,
    sessionId: 's',
    device: 'web',
    country: 'DE',
    ...extra,
  });
  const { rows, checks } = await testStep(
    engagement,
    'itemStats.daily',
    {
      viewed: [event('u1', 'i1', '2026-11-10T08:00:00Z'), event('u2', 'i1', '2026-11-10T09:00:00Z'), event('u1', 'i1', '2026-11-09T09:00:00Z')],
      listened: [event('u1', 'i2', '2026-11-10T10:00:00Z', { durationMs: 1000 })],
      read: [],
      purchased: [event('u1', 'i1', '2026-11-10T11:00:00Z', { price: 9.5 }), event('u3', 'i1', '2026-11-10T12:00:00Z', { price: null })],
    },
    { partition: DAY },
  );
  assert.deepEqual(sortRows(rows), [
    { itemId: 'i1', day, views: 2, listens: 0, reads: 0, purchases: 2, users: 3, revenue: 9.5 },
    { itemId: 'i2', day, views: 0, listens: 1, reads: 0, purchases: 0, users: 1, revenue: 0 },
  ]);
  assert.ok(
    checks.every((c) => c.passed),
    JSON.stringify(checks),
  );
});

const snapshot = [
  { userId: 'u1', country: 'DE', tier: 'pro', signupDay: '2026-01-05T00:00:00Z', snapshotDay: '2026-11-10T00:00:00Z' },
  { userId: 'u2', country: 'FR', tier: 'free', signupDay: '2026-03-01T00:00:00Z', snapshotDay: '2026-11-10T00:00:00Z' },
];

test('engagement userFeatures.orderFeatures: orders of the 30 days before the day, never the day itself', async () => {
  const order = (orderId: string, userId: string, placedAt: string, total: number) => ({ orderId, userId, itemIds: ['i1'], total, currency: 'EUR', placedAt });
  const orders = [
    order('o1', 'u1', '2026-10-01T10:00:00Z', 100), // outside the 30-day window
    order('o2', 'u1', '2026-10-20T10:00:00Z', 10),
    order('o3', 'u1', '2026-11-09T23:00:00Z', 5),
    order('o4', 'u1', '2026-11-10T08:00:00Z', 1000), // on the day: the future for features as of its start
  ];
  const { rows } = await testStep(engagement, 'userFeatures.orderFeatures', { users: snapshot, orders }, { partition: DAY, mesh });
  assert.deepEqual(sortRows(rows), [
    { userId: 'u1', day, orders30d: 2, spend30d: 15, lastOrderAt: new Date('2026-11-09T23:00:00Z') },
    { userId: 'u2', day, orders30d: 0, spend30d: 0, lastOrderAt: null },
  ]);
});

test('engagement userFeatures.viewFeatures: views of the 7 days before the day', async () => {
  const view = (userId: string, occurredAt: string) => ({ userId, itemId: 'i1', occurredAt, sessionId: 's', device: 'web', country: 'DE' });
  const views = [
    view('u2', '2026-11-02T10:00:00Z'),
    view('u2', '2026-11-04T10:00:00Z'),
    view('u2', '2026-11-09T10:00:00Z'),
    view('u2', '2026-11-10T01:00:00Z'),
  ];
  const { rows } = await testStep(engagement, 'userFeatures.viewFeatures', { users: snapshot, views }, { partition: DAY, mesh });
  assert.deepEqual(sortRows(rows), [
    { userId: 'u1', day, views7d: 0 },
    { userId: 'u2', day, views7d: 2 },
  ]);
});

test('engagement userFeatures.training: one training row per user with both feature sets', async () => {
  const orders = [
    { userId: 'u1', day: '2026-11-10T00:00:00Z', orders30d: 2, spend30d: 15, lastOrderAt: '2026-11-09T23:00:00Z' },
    { userId: 'u2', day: '2026-11-10T00:00:00Z', orders30d: 0, spend30d: 0, lastOrderAt: null },
  ];
  const views = [
    { userId: 'u1', day: '2026-11-10T00:00:00Z', views7d: 0 },
    { userId: 'u2', day: '2026-11-10T00:00:00Z', views7d: 2 },
  ];
  const { rows, checks } = await testStep(engagement, 'userFeatures.training', { users: snapshot, orders, views }, { partition: DAY, mesh });
  assert.deepEqual(sortRows(rows), [
    {
      userId: 'u1',
      day,
      country: 'DE',
      tier: 'pro',
      signupDay: new Date('2026-01-05T00:00:00Z'),
      orders30d: 2,
      spend30d: 15,
      lastOrderAt: new Date('2026-11-09T23:00:00Z'),
      views7d: 0,
    },
    { userId: 'u2', day, country: 'FR', tier: 'free', signupDay: new Date('2026-03-01T00:00:00Z'), orders30d: 0, spend30d: 0, lastOrderAt: null, views7d: 2 },
  ]);
  assert.ok(checks.every((c) => c.passed));
});
