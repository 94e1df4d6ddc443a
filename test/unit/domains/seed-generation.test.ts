import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldDescriptor } from '../../../src/sdk/index.ts';
import { SeedScaleError } from '../../../domains/shared/index.ts';
import identity from '../../../domains/identity/product.ts';
import catalog from '../../../domains/catalog/product.ts';
import commerce from '../../../domains/commerce/product.ts';
import { batchesOf, countsOf, rowsOf, seedFingerprint } from './seed-helpers.ts';

const products = [identity, catalog, commerce];

test('the seed is deterministic: two runs at the same scale hash equal', async () => {
  for (const product of products) {
    assert.equal(await seedFingerprint(product, 1), await seedFingerprint(product, 1), product.name);
  }
});

test('the seed is the same on every machine and run: golden first rows', async () => {
  const [user] = (await rowsOf(identity, 0.001)).User!;
  assert.deepEqual(user, {
    id: 'u000001',
    name: 'Priya Nielsen',
    email: 'priya.nielsen.1@example.org',
    phone: '+31 51 8578075',
    country: 'NL',
    city: 'Utrecht',
    tier: 'free',
    createdAt: new Date('2024-05-10T00:50:51.000Z'),
  });
  const item = (await rowsOf(catalog, 0.001)).Item![0]!;
  assert.deepEqual([item.id, item.name, item.categoryId, item.price], ['i00001', 'Kestrel Eco Shirt', 'c014', 17.99]);
  const order = (await rowsOf(commerce, 1)).Order![0]!;
  assert.deepEqual([order.id, order.userId, order.total, order.placedAt], ['o0000001', 'u000873', 1290.93, new Date('2025-08-03T13:54:22.000Z')]);
});

test('plannedRows equals the rows generated at scales 0.1, 1 and 2', async () => {
  for (const scale of [0.1, 1, 2]) {
    for (const product of products) {
      assert.deepEqual(countsOf(await rowsOf(product, scale)), product.seed!.plannedRows({ scale }), `${product.name} @ ${scale}`);
    }
  }
});

test('row counts scale as documented: max(1, round(base × scale)), 25 fixed categories', () => {
  assert.deepEqual(identity.seed!.plannedRows({ scale: 1 }), { User: 1000 });
  assert.deepEqual(catalog.seed!.plannedRows({ scale: 1 }), { Category: 25, Item: 500 });
  assert.deepEqual(catalog.seed!.plannedRows({ scale: 0.1 }), { Category: 25, Item: 50 });
  assert.deepEqual(identity.seed!.plannedRows({ scale: 0.0001 }), { User: 1 });
  assert.deepEqual(identity.seed!.plannedRows({ scale: 2.5 }), { User: 2500 });
  const { Order, OrderItem } = commerce.seed!.plannedRows({ scale: 1 });
  assert.equal(Order, 10_000);
  assert.ok(OrderItem! >= 10_000 && OrderItem! <= 50_000, `1–5 lines per order, got ${OrderItem}`);
});

test('a scale that is not a positive number is rejected with a code', () => {
  for (const scale of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    for (const product of products) {
      assert.throws(
        () => product.seed!.plannedRows({ scale }),
        (error: unknown) => {
          assert.ok(error instanceof SeedScaleError);
          assert.equal(error.code, 'INVALID_SEED_SCALE');
          return true;
        },
      );
    }
  }
});

test('a larger scale extends a smaller one: the first rows are the same', async () => {
  const small = await rowsOf(identity, 1);
  const large = await rowsOf(identity, 2);
  assert.deepEqual(large.User!.slice(0, 1000), small.User);
  assert.deepEqual((await rowsOf(catalog, 2)).Item!.slice(0, 500), (await rowsOf(catalog, 1)).Item);
});

test('batches hold at most 1,000 rows of a declared entity', async () => {
  for (const product of products) {
    for (const batch of await batchesOf(product, 1)) {
      assert.ok(product.operational!.entities[batch.entity], `${product.name} declares ${batch.entity}`);
      assert.ok(batch.rows.length > 0 && batch.rows.length <= 1000, `${product.name}.${batch.entity}: ${batch.rows.length}`);
    }
  }
});

test('generation is lazy: the first batch at scale 1,000 arrives without generating the rest', async () => {
  for (const product of products) {
    const started = performance.now();
    const iterator = (product.seed!.generate({ scale: 1000 }) as Iterable<unknown>)[Symbol.iterator]();
    assert.equal(iterator.next().done, false);
    assert.ok(performance.now() - started < 1000, `${product.name} first batch took ${performance.now() - started} ms`);
  }
});

test('rows match their descriptor: declared fields only, every field present, types and nullability', async () => {
  for (const product of products) {
    const rows = await rowsOf(product, 0.1);
    for (const [entityName, entity] of Object.entries(product.operational!.entities)) {
      for (const row of rows[entityName]!) {
        assert.deepEqual(Object.keys(row).sort(), Object.keys(entity.fields).sort(), `${product.name}.${entityName}`);
        for (const [name, field] of Object.entries(entity.fields)) assertConforms(row[name], field, `${product.name}.${entityName}.${name}`);
      }
    }
  }
});

function assertConforms(value: unknown, field: FieldDescriptor, where: string): void {
  if (value === null) return assert.notEqual(field.nullable, false, `${where} is not nullable`);
  if (field.list) {
    assert.ok(Array.isArray(value), `${where} is a list`);
    value.forEach((element) => {
      assertConforms(element, { ...field, list: false, nullable: false }, where);
    });
    return;
  }
  switch (field.type) {
    case 'ID':
    case 'String':
      return assert.equal(typeof value, 'string', where);
    case 'Int':
      return assert.ok(Number.isInteger(value), where);
    case 'Float':
      return assert.ok(typeof value === 'number' && Number.isFinite(value), where);
    case 'Boolean':
      return assert.equal(typeof value, 'boolean', where);
    case 'DateTime':
      return assert.ok(value instanceof Date && !Number.isNaN(value.getTime()), where);
    case 'JSON':
      return assert.ok(typeof value === 'object' && !Array.isArray(value), where);
    default:
      throw new Error(`unknown field type ${field.type satisfies never}`);
  }
}
