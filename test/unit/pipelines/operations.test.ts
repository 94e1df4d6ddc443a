/** Every relational operation on small inputs, expected rows worked out by hand. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  add,
  avg,
  caseWhen,
  coalesce,
  col,
  count,
  countDistinct,
  dateTrunc,
  div,
  gt,
  lag,
  lit,
  max,
  min,
  mul,
  rowNumber,
  runningSum,
  sum,
  toDate,
} from '../../../src/sdk/index.ts';
import { input, rowsOf } from './support.ts';

const orders = input('orders', { id: 'ID', userId: 'ID', total: 'Float', qty: 'Int', status: 'String' });
const ORDERS = [
  { id: 'o1', userId: 'u1', total: 10, qty: 1, status: 'paid' },
  { id: 'o2', userId: 'u1', total: 30, qty: 3, status: 'shipped' },
  { id: 'o3', userId: 'u2', total: 5.5, qty: 2, status: 'paid' },
  { id: 'o4', userId: 'u3', total: null, qty: null, status: null },
];
const users = input('users', { id: 'ID', country: 'String' });
const USERS = [
  { id: 'u1', country: 'DE' },
  { id: 'u2', country: 'FR' },
];

test('filter takes the where grammar: comparisons, in, contains, isNull, and/or/not', async () => {
  const ids = async (where: Parameters<typeof orders.filter>[0]) => (await rowsOf(orders.filter(where).select('id'), { orders: ORDERS })).map((r) => r.id);
  assert.deepEqual(await ids({ total: { gt: 6 } }), ['o1', 'o2']);
  assert.deepEqual(await ids({ status: { in: ['paid'] } }), ['o1', 'o3']);
  assert.deepEqual(await ids({ status: { contains: 'ipp' } }), ['o2']);
  assert.deepEqual(await ids({ status: { isNull: true } }), ['o4']);
  assert.deepEqual(await ids({ or: [{ userId: { eq: 'u2' } }, { qty: { gte: 3 } }] }), ['o2', 'o3']);
  // `ne` and `not` keep NULL rows (the port's semantics).
  assert.deepEqual(await ids({ status: { ne: 'paid' } }), ['o2', 'o4']);
  assert.deepEqual(await ids({ not: { total: { lt: 20 } } }), ['o2', 'o4']);
});

test('an injection string in a filter value is data, never SQL', async () => {
  const evil = "paid' OR 1=1 --";
  const relation = orders.filter({ status: { eq: evil } });
  assert.deepEqual(await rowsOf(relation, { orders: ORDERS }), []);
  const rows = await rowsOf(relation, { orders: [{ ...ORDERS[0], status: evil }] });
  assert.equal(rows.length, 1);
});

test('select projects, derive computes typed expressions', async () => {
  const relation = orders.derive({
    unit: div('total', 'qty'),
    doubled: mul(col('qty'), lit(2)),
    bumped: add('total', lit(0.5)),
    big: gt('total', lit(20)),
    label: caseWhen([[gt('total', lit(20)), lit('large')]], lit('small')),
    safeQty: coalesce('qty', lit(0)),
  });
  const rows = await rowsOf(relation.select('id', 'unit', 'doubled', 'bumped', 'big', 'label', 'safeQty'), { orders: ORDERS });
  assert.deepEqual(rows, [
    { id: 'o1', unit: 10, doubled: 2, bumped: 10.5, big: false, label: 'small', safeQty: 1 },
    { id: 'o2', unit: 10, doubled: 6, bumped: 30.5, big: true, label: 'large', safeQty: 3 },
    { id: 'o3', unit: 2.75, doubled: 4, bumped: 6, big: false, label: 'small', safeQty: 2 },
    { id: 'o4', unit: null, doubled: null, bumped: null, big: null, label: 'small', safeQty: 0 },
  ]);
  assert.equal(relation.schema.unit?.type, 'Float');
  assert.equal(relation.schema.doubled?.type, 'Int');
  assert.equal(relation.schema.safeQty?.nullable, false);
});

test('filter compares DateTime fields with Dates or ISO strings', async () => {
  const events = input('events', { id: 'ID', at: 'DateTime' });
  const rows = [
    { id: 'e1', at: '2026-11-01T10:00:00Z' },
    { id: 'e2', at: '2026-11-02T10:00:00Z' },
  ];
  const ids = async (where: Parameters<typeof events.filter>[0]) => (await rowsOf(events.filter(where).select('id'), { events: rows })).map((r) => r.id);
  assert.deepEqual(await ids({ at: { gte: new Date('2026-11-02T00:00:00Z') } }), ['e2']);
  assert.deepEqual(await ids({ at: { lt: '2026-11-02T00:00:00Z' } }), ['e1']);
});

test('dateTrunc and toDate cut DateTime in UTC', async () => {
  const events = input('events', { at: 'DateTime', text: 'String' });
  const relation = events.derive({ day: dateTrunc('day', 'at'), month: dateTrunc('month', 'at'), parsed: toDate('text') }).select('day', 'month', 'parsed');
  const rows = await rowsOf(relation, { events: [{ at: '2026-11-03T23:30:00Z', text: '2026-11-05T10:00:00Z' }] });
  assert.deepEqual(rows, [{ day: new Date('2026-11-03T00:00:00Z'), month: new Date('2026-11-01T00:00:00Z'), parsed: new Date('2026-11-05T00:00:00Z') }]);
});

test('join: inner drops unmatched rows, left keeps them with nulls', async () => {
  const inner = await rowsOf(orders.join(users, { on: { userId: 'id' } }).select('id', 'country'), { orders: ORDERS, users: USERS });
  assert.deepEqual(inner, [
    { id: 'o1', country: 'DE' },
    { id: 'o2', country: 'DE' },
    { id: 'o3', country: 'FR' },
  ]);
  const renamed = users.derive({ uid: col('id') }).select('uid', 'country');
  const left = orders.join(renamed, { on: { userId: 'uid' }, type: 'left' });
  assert.equal(left.schema.country?.nullable, true);
  const rows = await rowsOf(left.select('id', 'country'), { orders: ORDERS, users: USERS });
  assert.deepEqual(
    rows.map((r) => r.country),
    ['DE', 'DE', 'FR', null],
  );
});

test('groupBy aggregates: count, countDistinct, sum, avg, min, max', async () => {
  const relation = orders.groupBy('userId').aggregate({
    n: count(),
    statuses: countDistinct('status'),
    revenue: sum('total'),
    items: sum('qty'),
    mean: avg('total'),
    first: min('id'),
    last: max('id'),
  });
  assert.deepEqual(await rowsOf(relation, { orders: ORDERS }), [
    { userId: 'u1', n: 2, statuses: 2, revenue: 40, items: 4, mean: 20, first: 'o1', last: 'o2' },
    { userId: 'u2', n: 1, statuses: 1, revenue: 5.5, items: 2, mean: 5.5, first: 'o3', last: 'o3' },
    { userId: 'u3', n: 1, statuses: 0, revenue: null, items: null, mean: null, first: 'o4', last: 'o4' },
  ]);
  const total = await rowsOf(orders.groupBy().aggregate({ n: count() }), { orders: ORDERS });
  assert.deepEqual(total, [{ n: 4 }]);
});

test('window: rowNumber, lag and runningSum per partition in order', async () => {
  const relation = orders
    .filter({ qty: { isNull: false } })
    .window({ partitionBy: ['userId'], orderBy: ['id'], columns: { rank: rowNumber(), previous: lag('total'), cumulative: runningSum('qty') } })
    .select('id', 'rank', 'previous', 'cumulative');
  assert.deepEqual(await rowsOf(relation, { orders: ORDERS }), [
    { id: 'o1', rank: 1, previous: null, cumulative: 1 },
    { id: 'o2', rank: 2, previous: 10, cumulative: 4 },
    { id: 'o3', rank: 1, previous: null, cumulative: 2 },
  ]);
});

test('dedupe keeps the first row per key in orderBy order', async () => {
  const relation = orders.dedupe({ key: ['userId'], orderBy: [{ field: 'total', direction: 'desc' }] }).select('userId', 'id');
  assert.deepEqual(await rowsOf(relation, { orders: ORDERS }), [
    { userId: 'u1', id: 'o2' },
    { userId: 'u2', id: 'o3' },
    { userId: 'u3', id: 'o4' },
  ]);
});

test('asOfJoin joins each left row to the latest right row at or before its time', async () => {
  const days = input('days', { userId: 'ID', day: 'DateTime' });
  const balances = input('balances', { userId: 'ID', at: 'DateTime', balance: 'Int' });
  const relation = days.asOfJoin(balances, { on: { userId: 'userId' }, time: { left: 'day', right: 'at' } });
  assert.deepEqual(Object.keys(relation.schema), ['userId', 'day', 'balance']);
  const rows = await rowsOf(relation, {
    days: [
      { userId: 'u1', day: '2026-11-01T00:00:00Z' },
      { userId: 'u1', day: '2026-11-03T00:00:00Z' },
      { userId: 'u2', day: '2026-11-03T00:00:00Z' },
    ],
    balances: [
      { userId: 'u1', at: '2026-10-31T12:00:00Z', balance: 1 },
      { userId: 'u1', at: '2026-11-01T00:00:00Z', balance: 2 },
      { userId: 'u1', at: '2026-11-02T08:00:00Z', balance: 3 },
      { userId: 'u1', at: '2026-11-04T00:00:00Z', balance: 4 },
      { userId: 'u2', at: '2026-11-05T00:00:00Z', balance: 9 },
    ],
  });
  assert.deepEqual(rows, [
    { userId: 'u1', day: new Date('2026-11-01T00:00:00Z'), balance: 2 },
    { userId: 'u1', day: new Date('2026-11-03T00:00:00Z'), balance: 3 },
    { userId: 'u2', day: new Date('2026-11-03T00:00:00Z'), balance: null },
  ]);
});

test('union appends rows of relations with the same fields, matched by name', async () => {
  const a = input('a', { id: 'ID', n: 'Int' });
  const b = input('b', { n: 'Float', id: 'ID' });
  const relation = a.union(b);
  assert.equal(relation.schema.n?.type, 'Float');
  assert.deepEqual(await rowsOf(relation, { a: [{ id: 'x', n: 1 }], b: [{ id: 'y', n: 2.5 }] }), [
    { id: 'x', n: 1 },
    { id: 'y', n: 2.5 },
  ]);
  assert.throws(() => a.union(input('c', { id: 'ID' })), /unknown field n/);
  assert.throws(() => a.union(input('c', { id: 'ID', n: 'String' })), /field n is String/);
});
