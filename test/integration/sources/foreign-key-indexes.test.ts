/**
 * ensureCollection indexes the fields a spec lists (the foreign keys of
 * one-relations), idempotently, on PostgreSQL and FerretDB; the demo's
 * order lines get an index on order_id.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { MongoClient } from 'mongodb';
import { collectionSpecOf } from '../../../src/operational/index.ts';
import { createMongoSource, createPostgresSource, type CollectionSpec } from '../../../src/sources/index.ts';
import catalog from '../../../domains/catalog/product.ts';
import commerce from '../../../domains/commerce/product.ts';
import { requireEnv } from '../../support/required-env.ts';

const suffix = `${process.pid}_${Date.now().toString(36)}`;
let client: pg.Client;
before(async () => {
  client = new pg.Client({ connectionString: requireEnv('MESHGATE_TEST_DATABASE_URL') });
  await client.connect();
});
after(() => client?.end());

it('the demo order lines index order_id and item_id', () => {
  assert.deepEqual(collectionSpecOf(commerce.operational!.entities.OrderItem!).indexes, ['orderId', 'itemId']);
});

it('PostgreSQL: one btree index per listed field, created once', async () => {
  const source = createPostgresSource({ connectionString: requireEnv('MESHGATE_TEST_DATABASE_URL') });
  const spec: CollectionSpec = { ...collectionSpecOf(commerce.operational!.entities.OrderItem!), schema: `fk_${suffix}` };
  try {
    await source.ensureCollection(spec);
    await source.ensureCollection(spec);
    const { rows } = await client.query('SELECT indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname', [spec.schema]);
    const defs = rows.map((r: { indexdef: string }) => r.indexdef);
    assert.equal(defs.length, 3, defs.join('\n'));
    assert.ok(defs.some((d: string) => /\(order_id\)/.test(d)));
    assert.ok(defs.some((d: string) => /\(item_id\)/.test(d)));
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS "${spec.schema}" CASCADE`);
    await source.close();
  }
});

it('FerretDB: the listed fields are indexed besides the key', async () => {
  const url = requireEnv('MESHGATE_TEST_MONGO_URL');
  const database = `fk_${suffix}`;
  const source = createMongoSource({ url, database });
  const spec = collectionSpecOf(catalog.operational!.entities.Item!);
  const mongo = new MongoClient(url);
  try {
    await source.ensureCollection(spec);
    const keys = (await mongo.db(database).collection(spec.name).indexes()).map((i) => Object.keys(i.key).join(','));
    assert.ok(keys.includes('categoryId'), keys.join(' | '));
  } finally {
    await mongo.db(database).dropDatabase();
    await mongo.close();
    await source.close();
  }
});
