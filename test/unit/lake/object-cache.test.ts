/**
 * The lake's object cache on s3rver: bounded in bytes (LRU), files pinned
 * while a read holds them, downloads shared, its directory gone at close; and
 * lake reads through a cache too small for the whole dataset answer the same
 * rows as through one that holds everything.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectStore } from '../../../src/sources/index.ts';
import { createObjectCache, type ObjectCache } from '../../../src/lake/read/index.ts';
import { openEmbeddedLake, type EmbeddedLake } from './embedded-lake.ts';
import { freshEngagement, produceRecords, sinkUntilCaughtUp, viewedRecord, waitFor } from './sink-support.ts';
import { contextAs, lakeSchema, policiesFor, run } from './read-support.ts';

const KB = 1024;
let lake: EmbeddedLake;
let dir: string;
let store: ObjectStore;

before(async () => {
  lake = await openEmbeddedLake('object-cache-test');
  ({ dir, store } = lake);
});

after(() => lake.close());

/** Bytes of the files in the cache's directory, as `du` would count them. */
function diskBytes(cache: ObjectCache): number {
  return readdirSync(cache.dir).reduce((sum, name) => sum + statSync(join(cache.dir, name)).size, 0);
}

const body = (key: string, size: number) => Buffer.alloc(size, key);
const readAll = (cache: ObjectCache, keys: string[]) => cache.withLocalPaths(keys, (paths) => Promise.all(paths.map((p) => readFile(p))));

/** The same store, counting its gets per key. */
function countingStore(inner: ObjectStore) {
  const gets = new Map<string, number>();
  const get = (key: string) => {
    gets.set(key, (gets.get(key) ?? 0) + 1);
    return inner.get(key);
  };
  const counted = new Proxy(inner, {
    get(target, property) {
      if (property === 'get') return get;
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: counted, gets };
}

describe('the lake object cache', () => {
  const keys = Array.from({ length: 10 }, (_, i) => `objects/k${i}.bin`);
  before(async () => {
    for (const key of keys) await store.put(key, body(key, 10 * KB));
    await store.put('objects/big.bin', body('big', 50 * KB));
  });

  test('reading more objects than fit keeps the directory under its bound, least recently used out first', async () => {
    const cache = createObjectCache({ store, maxBytes: 35 * KB, parentDir: dir });
    try {
      for (const key of keys) {
        const [content] = await readAll(cache, [key]);
        assert.deepEqual(content, body(key, 10 * KB));
        assert.ok(diskBytes(cache) <= 35 * KB, `${diskBytes(cache)} bytes on disk`);
      }
      assert.equal(readdirSync(cache.dir).length, 3);
      assert.equal(cache.bytes, 30 * KB);
      // Three fit: k0 read again before k3 arrives is the most recent, so k3 evicts k1, not k0.
      const counted = countingStore(store);
      const again = createObjectCache({ store: counted.store, maxBytes: 35 * KB, parentDir: dir });
      for (const key of ['objects/k0.bin', 'objects/k1.bin', 'objects/k2.bin', 'objects/k0.bin', 'objects/k3.bin', 'objects/k0.bin'])
        await readAll(again, [key]);
      assert.equal(counted.gets.get('objects/k0.bin'), 1, 'k0 stayed cached while it was used');
      assert.equal(counted.gets.get('objects/k1.bin'), 1);
      await readAll(again, ['objects/k1.bin']);
      assert.equal(counted.gets.get('objects/k1.bin'), 2, 'k1, least recently used, was evicted and fetched again');
      await again.close();
    } finally {
      await cache.close();
    }
  });

  test('a file a read holds is never deleted; it goes once the read is done', async () => {
    const cache = createObjectCache({ store, maxBytes: 25 * KB, parentDir: dir });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let heldPath = '';
      const holding = cache.withLocalPaths([keys[0]!], async ([path]) => {
        heldPath = path!;
        await held;
        return readFile(path!);
      });
      await waitFor(() => heldPath !== '');
      for (const key of keys.slice(1, 5)) await readAll(cache, [key]);
      assert.ok(existsSync(heldPath), 'evicted but pinned: still on disk');
      release();
      assert.deepEqual(await holding, body(keys[0]!, 10 * KB));
      assert.equal(existsSync(heldPath), false, 'deleted when its read finished');
      assert.ok(diskBytes(cache) <= 25 * KB);
    } finally {
      await cache.close();
    }
  });

  test('concurrent reads of a key share one download; an object over the bound is read, then deleted', async () => {
    const counted = countingStore(store);
    const cache = createObjectCache({ store: counted.store, maxBytes: 35 * KB, parentDir: dir });
    try {
      const results = await Promise.all([readAll(cache, [keys[0]!]), readAll(cache, [keys[0]!, keys[0]!]), readAll(cache, [keys[0]!])]);
      assert.equal(counted.gets.get(keys[0]!), 1);
      assert.ok(results.flat().every((content) => content.equals(body(keys[0]!, 10 * KB))));
      const [big] = await readAll(cache, ['objects/big.bin']);
      assert.deepEqual(big, body('big', 50 * KB));
      assert.equal(diskBytes(cache), 10 * KB, 'only k0 stays');
    } finally {
      await cache.close();
    }
  });

  test('a key missing from the store is LAKE_OBJECT_MISSING; after close the directory is gone and reads are refused', async () => {
    const cache = createObjectCache({ store, maxBytes: 35 * KB, parentDir: dir });
    await assert.rejects(readAll(cache, ['objects/none.bin']), { code: 'LAKE_OBJECT_MISSING' });
    await readAll(cache, [keys[0]!, keys[1]!]);
    assert.ok(existsSync(cache.dir));
    await cache.close();
    assert.equal(existsSync(cache.dir), false);
    await assert.rejects(readAll(cache, [keys[0]!]), { code: 'LAKE_CACHE_CLOSED' });
  });
});

describe('lake reads through a cache smaller than the dataset', () => {
  let fresh: ReturnType<typeof freshEngagement>;
  const days = ['2025-03-01', '2025-03-02', '2025-03-03'];

  before(async () => {
    fresh = freshEngagement();
    // One event every 10 minutes from 2025-03-01: 400 events over three days, a few objects a day.
    await produceRecords(
      lake.broker,
      fresh.viewed,
      Array.from({ length: 400 }, (_, i) => viewedRecord(i, Date.parse('2025-03-01T00:00:00Z'), 600_000)),
    );
    await sinkUntilCaughtUp(lake, fresh.runtimes, fresh.viewed.topic, { maxRows: 40, maxAgeMs: 100 });
  });

  test('each day read in turn evicts the others, the rows stay those of an unbounded cache, and close removes the directory', async () => {
    const bytesByDay = new Map<string, number>();
    for await (const object of store.list(`${fresh.viewed.domain}/${fresh.viewed.name}/`)) {
      const day = /dt=(\d{4}-\d{2}-\d{2})/.exec(object.key)![1]!;
      bytesByDay.set(day, (bytesByDay.get(day) ?? 0) + object.size);
    }
    const total = [...bytesByDay.values()].reduce((a, b) => a + b, 0);
    const bound = Math.max(...bytesByDay.values());
    assert.ok(bound < total, 'one day fits, the whole dataset does not');
    const small = createObjectCache({ store, maxBytes: bound, parentDir: dir });
    const large = createObjectCache({ store, maxBytes: 1024 * 1024 * 1024, parentDir: dir });
    const bounded = lakeSchema(fresh.product, store, lake.db, dir, small);
    const unbounded = lakeSchema(fresh.product, store, lake.db, dir, large);
    const policies = policiesFor(fresh.product);
    const read = async (schema: typeof bounded, day: string) => {
      const to = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
      const query = `{ ${fresh.product.name} { lake { viewed { records(first: 500, from: "${day}T00:00:00Z", to: "${to}", orderBy: [{ field: eventId, direction: ASC }]) { nodes { eventId occurredAt country } } } } } }`;
      const result = await run(schema, query, contextAs(policies, 'admin'));
      assert.equal(result.errors, undefined);
      return result.data[fresh.product.name].lake.viewed.records.nodes as unknown[];
    };
    try {
      let rows = 0;
      for (const day of [...days, ...days.toReversed()]) {
        const expected = await read(unbounded, day);
        assert.deepEqual(await read(bounded, day), expected, `the rows of ${day}`);
        rows += expected.length;
        assert.ok(diskBytes(small) <= bound, `${diskBytes(small)} bytes on disk, bound ${bound}`);
      }
      assert.equal(rows, 800, 'every event, read twice');
      assert.ok(diskBytes(large) >= total, 'the unbounded cache holds the whole dataset');
    } finally {
      await small.close();
      await large.close();
    }
    assert.equal(existsSync(small.dir), false);
    assert.equal(existsSync(large.dir), false);
  });
});
