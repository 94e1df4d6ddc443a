/**
 * The object store port and its adapter over the AWS SDK (versitygw, s3rver,
 * AWS S3), plus the embedded s3rver. Passes `test/contract/object-store.contract.ts`.
 */
export type { ObjectHead, ObjectStore, ObjectStoreErrorCode, ObjectSummary, PutOptions } from './port.ts';
export { ObjectStoreError } from './port.ts';
export type { S3ObjectStoreOptions } from './s3-object-store.ts';
export { createS3ObjectStore } from './s3-object-store.ts';
export type { EmbeddedS3, EmbeddedS3Options } from './embedded-s3.ts';
export { startEmbeddedS3 } from './embedded-s3.ts';
