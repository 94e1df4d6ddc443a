/**
 * The ObjectStore adapter over `@aws-sdk/client-s3`: path-style addressing
 * (versitygw and s3rver have no virtual-host buckets), and checksums only
 * where S3 requires them (the SDK's newer default trailers are not
 * understood by s3rver).
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Agent as HttpsAgent } from 'node:https';
import type { ObjectStore, ObjectSummary } from './port.ts';
import { isMissingBucket, isMissingKey, toObjectStoreError } from './s3-errors.ts';

export interface S3ObjectStoreOptions {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Server-side encryption requested on every put (`S3_SSE`). */
  sse?: 'AES256' | 'aws:kms';
  /** The KMS key for `sse: 'aws:kms'`; the bucket's default key when absent. */
  kmsKeyId?: string;
  /** Keys per ListObjects page (default 1000, S3's maximum). */
  listPageSize?: number;
  /** The CA (PEM) an https endpoint's certificate must chain to, for a private CA; absent: the system's roots. */
  ca?: string;
}

export function createS3ObjectStore(options: S3ObjectStoreOptions): ObjectStore {
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // The SDK's own handler settings (keep-alive, 50 sockets), with the private CA trusted.
    ...(options.ca ? { requestHandler: { httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 50, ca: options.ca }) } } : {}),
  });
  const Bucket = options.bucket;
  const encryption = options.sse ? { ServerSideEncryption: options.sse, SSEKMSKeyId: options.sse === 'aws:kms' ? options.kmsKeyId : undefined } : {};

  async function attempt<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toObjectStoreError(operation, error);
    }
  }

  /**
   * Pages with ListObjects (v1) and `Marker` = the last key seen. Not v2:
   * s3rver encrypts v2 continuation tokens with DES, which OpenSSL 3
   * (Node 17+) no longer offers, so every truncated v2 page fails there.
   * v1 with a marker is served the same by S3, versitygw and s3rver.
   */
  async function* list(prefix: string): AsyncIterable<ObjectSummary> {
    let Marker: string | undefined;
    let truncated = true;
    while (truncated) {
      const page = await attempt(`list ${prefix}`, () =>
        client.send(new ListObjectsCommand({ Bucket, Prefix: prefix, Marker, MaxKeys: options.listPageSize })),
      );
      const contents = page.Contents ?? [];
      for (const object of contents) {
        yield { key: object.Key!, size: object.Size ?? 0, lastModified: object.LastModified ?? new Date(0) };
      }
      truncated = page.IsTruncated === true && contents.length > 0;
      Marker = contents.at(-1)?.Key;
    }
  }

  return {
    bucket: Bucket,
    async put(key, body, putOptions = {}) {
      const output = await attempt(`put ${key}`, () =>
        client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: putOptions.contentType, Metadata: putOptions.metadata, ...encryption })),
      );
      return { etag: unquote(output.ETag) };
    },
    async get(key) {
      try {
        const output = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        return Buffer.from(await output.Body!.transformToByteArray());
      } catch (error) {
        if (isMissingKey(error)) return null;
        throw toObjectStoreError(`get ${key}`, error);
      }
    },
    async head(key) {
      try {
        const output = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { size: output.ContentLength ?? 0, etag: unquote(output.ETag), metadata: output.Metadata ?? {} };
      } catch (error) {
        if (isMissingKey(error)) return null;
        throw toObjectStoreError(`head ${key}`, error);
      }
    },
    list,
    async delete(key) {
      await attempt(`delete ${key}`, () => client.send(new DeleteObjectCommand({ Bucket, Key: key })));
    },
    presignGet(key, expiresInSeconds) {
      return attempt(`presign ${key}`, () => getSignedUrl(client, new GetObjectCommand({ Bucket, Key: key }), { expiresIn: expiresInSeconds }));
    },
    async ensureBucket() {
      try {
        await client.send(new HeadBucketCommand({ Bucket }));
        return;
      } catch (error) {
        if (!isMissingBucket(error)) throw toObjectStoreError(`head bucket ${Bucket}`, error);
      }
      try {
        await client.send(new CreateBucketCommand({ Bucket }));
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw toObjectStoreError(`create bucket ${Bucket}`, error);
      }
    },
    async close() {
      client.destroy();
    },
  };
}

function unquote(etag: string | undefined): string | null {
  return etag ? etag.replace(/^"|"$/g, '') : null;
}
