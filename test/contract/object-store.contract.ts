/**
 * The object store port: the same behaviour from versitygw and s3rver
 * through the one S3 adapter. Every test writes under its own prefix of the
 * harness's bucket.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createS3ObjectStore, ObjectStoreError, type S3ObjectStoreOptions } from '../../src/sources/index.ts';

export interface ObjectStoreHarness {
  connection: Omit<S3ObjectStoreOptions, 'bucket'>;
  /** An existing bucket the tests may write to. */
  bucket: string;
  /** A prefix (or bucket name part) no other run uses. */
  unique(label: string): string;
  /** The listing test's size: S3's real 1,000-key pages need > 1,000 objects, which s3rver writes slowly. */
  bulkListing: { objects: number; pageSize?: number };
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/**
 * A forwarding HTTP proxy that records each request's headers: SSE is checked
 * on the wire because neither versitygw nor s3rver echoes it back.
 */
async function startRecordingProxy(target: string) {
  const seen: { method: string; path: string; headers: IncomingHttpHeaders }[] = [];
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    seen.push({ method: incoming.method ?? '', path: incoming.url ?? '', headers: incoming.headers });
    const forwarded = request(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function runObjectStoreContract(name: string, harness: ObjectStoreHarness): void {
  const open = (overrides: Partial<S3ObjectStoreOptions> = {}) => createS3ObjectStore({ ...harness.connection, bucket: harness.bucket, ...overrides });

  describe(`object store contract: ${name}`, { timeout: 180_000 }, () => {
    it('puts and gets bytes; head reports size, etag and lower-cased metadata; missing keys read as null', async () => {
      const store = open();
      try {
        const key = `${harness.unique('roundtrip')}/dt=2024-01-01/part 0.parquet`;
        const body = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 256));
        const { etag } = await store.put(key, body, { contentType: 'application/vnd.apache.parquet', metadata: { 'Row-Count': '42' } });
        assert.deepEqual(await store.get(key), body);
        assert.deepEqual(await store.head(key), { size: body.length, etag, metadata: { 'row-count': '42' } });
        assert.match(etag ?? '', /^[0-9a-f]{32}$/);
        await store.put(key, new Uint8Array([1, 2, 3]));
        assert.deepEqual(await store.get(key), Buffer.from([1, 2, 3]));
        assert.equal(await store.get(`${key}.missing`), null);
        assert.equal(await store.head(`${key}.missing`), null);
      } finally {
        await store.close();
      }
    });

    it(`lists every key under a prefix in key order, across pages (${harness.bulkListing.objects} objects)`, async () => {
      const store = open({ listPageSize: harness.bulkListing.pageSize });
      try {
        const prefix = `${harness.unique('list')}/`;
        const keys = Array.from({ length: harness.bulkListing.objects }, (_, i) => `${prefix}part-${String(i).padStart(5, '0')}`);
        await inParallel(keys, 32, (key) => store.put(key, Buffer.from(key)));
        await store.put(`${prefix.slice(0, -1)}-sibling/outside`, Buffer.from('no'));
        const listed = [];
        for await (const object of store.list(prefix)) listed.push(object);
        assert.deepEqual(
          listed.map((o) => o.key),
          keys,
        );
        assert.ok(listed.every((o, i) => o.size === Buffer.byteLength(keys[i]) && o.lastModified instanceof Date && !Number.isNaN(o.lastModified.getTime())));
      } finally {
        await store.close();
      }
    });

    it('pages with a small page size too', async () => {
      const store = open({ listPageSize: 3 });
      try {
        const prefix = `${harness.unique('pages')}/`;
        const keys = Array.from({ length: 10 }, (_, i) => `${prefix}${i}`);
        for (const key of keys) await store.put(key, Buffer.from('x'));
        const listed = [];
        for await (const object of store.list(prefix)) listed.push(object.key);
        assert.deepEqual(listed, keys);
      } finally {
        await store.close();
      }
    });

    it('deletes, and deleting a missing key succeeds', async () => {
      const store = open();
      try {
        const key = `${harness.unique('delete')}/object`;
        await store.put(key, Buffer.from('bye'));
        await store.delete(key);
        assert.equal(await store.get(key), null);
        await store.delete(key);
      } finally {
        await store.close();
      }
    });

    it('presigns a GET that plain fetch can download', async () => {
      const store = open();
      try {
        const key = `${harness.unique('presign')}/download.json`;
        await store.put(key, Buffer.from('{"rows":3}'), { contentType: 'application/json' });
        const response = await fetch(await store.presignGet(key, 60));
        assert.equal(response.status, 200);
        assert.equal(await response.text(), '{"rows":3}');
        const url = new URL(await store.presignGet(key, 60));
        assert.equal(url.searchParams.get('X-Amz-Expires'), '60');
        assert.equal((await fetch(await store.presignGet(`${key}.missing`, 60))).status, 404);
      } finally {
        await store.close();
      }
    });

    it('sends the configured server-side encryption with every put, and none when unset', async () => {
      const proxy = await startRecordingProxy(harness.connection.endpoint);
      const encrypted = open({ endpoint: proxy.endpoint, sse: 'aws:kms', kmsKeyId: 'lake-key' });
      const plain = open({ endpoint: proxy.endpoint });
      try {
        const key = `${harness.unique('sse')}/object`;
        await encrypted.put(key, Buffer.from('secret'));
        await plain.put(`${key}-plain`, Buffer.from('open'));
        assert.deepEqual(await encrypted.get(key), Buffer.from('secret'));
        const puts = proxy.seen.filter((r) => r.method === 'PUT');
        assert.equal(puts.length, 2);
        assert.equal(puts[0].headers['x-amz-server-side-encryption'], 'aws:kms');
        assert.equal(puts[0].headers['x-amz-server-side-encryption-aws-kms-key-id'], 'lake-key');
        assert.equal(puts[1].headers['x-amz-server-side-encryption'], undefined);
      } finally {
        await Promise.all([encrypted.close(), plain.close()]);
        await proxy.close();
      }
    });

    it('creates a missing bucket once; reads of a missing bucket fail with NO_SUCH_BUCKET', async () => {
      const bucket = harness
        .unique('bucket')
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '-')
        .slice(0, 60);
      const store = open({ bucket });
      try {
        await assert.rejects(store.get('anything'), (error) => error instanceof ObjectStoreError && error.code === 'NO_SUCH_BUCKET');
        await store.ensureBucket();
        await store.ensureBucket();
        await store.put('k', Buffer.from('v'));
        assert.deepEqual(await store.get('k'), Buffer.from('v'));
        await store.delete('k');
      } finally {
        await store.close();
        const admin = new S3Client({ ...harness.connection, credentials: harness.connection, forcePathStyle: true });
        await admin.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => {});
        admin.destroy();
      }
    });
  });
}
