/**
 * The object store port: what the lake (Parquet files) and the model
 * registry (artifacts) need from S3. One adapter over the AWS SDK serves
 * versitygw (services profile), s3rver (embedded profile) and AWS S3; it
 * passes `test/contract/object-store.contract.ts` against both servers.
 *
 * Contracts:
 * - Keys are plain strings with `/` as the folder separator; `list(prefix)`
 *   yields every key under a prefix in ascending key order, however many pages.
 * - Metadata keys come back lower-case (S3 normalises them).
 * - ETags are returned without their surrounding quotes.
 * - Reads of a missing key answer `null`; every other failure throws an
 *   `ObjectStoreError` whose `retriable` says whether trying again may help.
 */

export interface ObjectSummary {
  key: string;
  size: number;
  lastModified: Date;
}

export interface ObjectHead {
  size: number;
  etag: string | null;
  metadata: Record<string, string>;
}

export interface PutOptions {
  contentType?: string;
  metadata?: Record<string, string>;
}

export interface ObjectStore {
  readonly bucket: string;
  /** Applies the configured server-side encryption to every put. */
  put(key: string, body: Buffer | Uint8Array, options?: PutOptions): Promise<{ etag: string | null }>;
  /** The object's bytes, or `null` when the key does not exist. */
  get(key: string): Promise<Buffer | null>;
  head(key: string): Promise<ObjectHead | null>;
  /** Pages through the listing lazily (ListObjects with markers; see the S3 adapter for why not v2). */
  list(prefix: string): AsyncIterable<ObjectSummary>;
  /** Deleting a missing key succeeds (S3 semantics). */
  delete(key: string): Promise<void>;
  /** A URL a plain HTTP GET can fetch the object from, valid for `expiresInSeconds`. */
  presignGet(key: string, expiresInSeconds: number): Promise<string>;
  /** Creates the bucket when it does not exist. */
  ensureBucket(): Promise<void>;
  close(): Promise<void>;
}

export type ObjectStoreErrorCode =
  /** The bucket does not exist (call `ensureBucket`). */
  | 'NO_SUCH_BUCKET'
  /** Credentials were refused or lack the permission. */
  | 'ACCESS_DENIED'
  /** A key, option or expiry the store refused. */
  | 'INVALID_REQUEST'
  /** The store failed or could not be reached; see `retriable`. */
  | 'OBJECT_STORE_UNAVAILABLE';

export class ObjectStoreError extends Error {
  readonly code: ObjectStoreErrorCode;
  readonly retriable: boolean;
  constructor(code: ObjectStoreErrorCode, message: string, retriable: boolean, options?: { cause?: unknown }) {
    super(`object store: ${message}`, options);
    this.name = 'ObjectStoreError';
    this.code = code;
    this.retriable = retriable;
  }
}
