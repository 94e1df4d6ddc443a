import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import identity from '../../../domains/identity/product.ts';
import catalog from '../../../domains/catalog/product.ts';
import commerce from '../../../domains/commerce/product.ts';
import { rowsOf, type RowsByEntity } from './seed-helpers.ts';

type Row = Record<string, unknown>;
let seeded: { identity: RowsByEntity; catalog: RowsByEntity; commerce: RowsByEntity };

before(async () => {
  seeded = { identity: await rowsOf(identity, 1), catalog: await rowsOf(catalog, 1), commerce: await rowsOf(commerce, 1) };
});

const idsOf = (rows: Row[]) => new Set(rows.map((row) => row.id));
const dangling = (rows: Row[], field: string, targets: Set<unknown>) =>
  rows.filter((row) => row[field] !== null && !targets.has(row[field])).map((row) => `${row.id}.${field}=${row[field]}`);

test('keys are unique in every entity, and user e-mails are unique', () => {
  for (const rows of Object.values(seeded).flatMap((domain) => Object.values(domain))) {
    assert.equal(idsOf(rows).size, rows.length);
  }
  const users = seeded.identity.User!;
  assert.equal(new Set(users.map((u) => u.email)).size, users.length);
});

test('keys follow the documented formats', () => {
  assert.equal(seeded.identity.User![41]!.id, 'u000042');
  assert.equal(seeded.catalog.Item![41]!.id, 'i00042');
  assert.equal(seeded.catalog.Category![6]!.id, 'c007');
  assert.equal(seeded.commerce.Order![41]!.id, 'o0000042');
  assert.match(seeded.commerce.OrderItem![0]!.id as string, /^o0000001-1$/);
});

test('every cross-domain reference points at an existing row at the same scale', () => {
  const users = idsOf(seeded.identity.User!);
  const items = idsOf(seeded.catalog.Item!);
  assert.deepEqual(dangling(seeded.commerce.Order!, 'userId', users), []);
  assert.deepEqual(dangling(seeded.commerce.OrderItem!, 'itemId', items), []);
});

test('every in-domain reference points at an existing row', () => {
  const categories = idsOf(seeded.catalog.Category!);
  assert.deepEqual(dangling(seeded.catalog.Item!, 'categoryId', categories), []);
  assert.deepEqual(dangling(seeded.catalog.Category!, 'parentId', categories), []);
  assert.deepEqual(dangling(seeded.commerce.OrderItem!, 'orderId', idsOf(seeded.commerce.Order!)), []);
  const topLevel = seeded.catalog.Category!.filter((c) => c.parentId === null);
  assert.equal(topLevel.length, 5, 'five top-level categories; items sit in their subcategories');
  assert.ok(seeded.catalog.Item!.every((item) => !topLevel.some((c) => c.id === item.categoryId)));
});

test('every order has 1–5 distinct lines, priced at the catalog price, and its total is their sum to the cent', () => {
  const priceOf = new Map(seeded.catalog.Item!.map((item) => [item.id, item.price]));
  const linesOf = Map.groupBy(seeded.commerce.OrderItem!, (line) => line.orderId);
  for (const order of seeded.commerce.Order!) {
    const lines = linesOf.get(order.id) ?? [];
    assert.ok(lines.length >= 1 && lines.length <= 5, `${order.id} has ${lines.length} lines`);
    assert.equal(new Set(lines.map((line) => line.itemId)).size, lines.length, `${order.id} repeats an item`);
    for (const line of lines) {
      assert.equal(line.unitPrice, priceOf.get(line.itemId), `${line.id} unit price`);
      assert.ok(Number.isInteger(line.quantity) && (line.quantity as number) >= 1);
    }
    const cents = lines.reduce((sum, line) => sum + (line.quantity as number) * Math.round((line.unitPrice as number) * 100), 0);
    assert.equal(Math.round((order.total as number) * 100), cents, `${order.id} total`);
    assert.equal(order.currency, 'EUR');
  }
});

test('enumerated fields hold only documented values, and the data looks realistic', () => {
  const users = seeded.identity.User!;
  const orders = seeded.commerce.Order!;
  assert.deepEqual(new Set(users.map((u) => u.tier)), new Set(['free', 'plus', 'pro']));
  assert.ok(users.every((u) => /^[A-Z]{2}$/.test(u.country as string)));
  assert.ok(new Set(users.map((u) => u.country)).size >= 25, 'users spread over many countries');
  const withoutPhone = users.filter((u) => u.phone === null).length;
  assert.ok(withoutPhone > 200 && withoutPhone < 500, `some users have no phone (${withoutPhone})`);
  assert.deepEqual(new Set(orders.map((o) => o.status)), new Set(['placed', 'paid', 'shipped', 'delivered', 'cancelled']));
  assert.ok(
    orders.every((o) => (o.placedAt as Date).getUTCFullYear() === 2025),
    'orders are placed in 2025',
  );
  assert.ok(
    users.every((u) => (u.createdAt as Date) < new Date('2025-01-01')),
    'accounts exist before their orders',
  );
  const ratings = seeded.catalog.Item!.map((item) => item.rating);
  assert.ok(ratings.some((r) => r === null) && ratings.every((r) => r === null || ((r as number) >= 1 && (r as number) <= 5)));
});
