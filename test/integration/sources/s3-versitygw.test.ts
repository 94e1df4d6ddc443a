import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createS3ObjectStore } from '../../../src/sources/index.ts';
import { runObjectStoreContract } from '../../contract/object-store.contract.ts';
import { requireEnv } from '../../support/required-env.ts';
import { uniqueRunName } from './run-name.ts';

const hint = 'run `bash scripts/services.sh up s3` and eval "$(bash scripts/services.sh env)"';
const connection = {
  endpoint: requireEnv('MESHGATE_TEST_S3_ENDPOINT', hint),
  region: requireEnv('MESHGATE_TEST_S3_REGION', hint),
  accessKeyId: requireEnv('MESHGATE_TEST_S3_ACCESS_KEY', hint),
  secretAccessKey: requireEnv('MESHGATE_TEST_S3_SECRET_KEY', hint),
};
const bucket = requireEnv('MESHGATE_TEST_S3_BUCKET', hint);
const setup = createS3ObjectStore({ ...connection, bucket });
await setup.ensureBucket();
await setup.close();

// The bucket is shared with other suites and outlives the run: every run writes under its own prefix.
const run = uniqueRunName('contract');
runObjectStoreContract('versitygw', { connection, bucket, unique: (label) => `${run}-${label}`, bulkListing: { objects: 1_100 } });

// s3rver does not verify v4 signatures; versitygw does: a presigned URL cannot be stretched.
test('versitygw refuses a presigned URL whose expiry was tampered with', async () => {
  const store = createS3ObjectStore({ ...connection, bucket });
  try {
    const key = `${run}-tamper/object`;
    await store.put(key, Buffer.from('x'));
    const url = new URL(await store.presignGet(key, 60));
    assert.equal((await fetch(url)).status, 200);
    url.searchParams.set('X-Amz-Expires', '3600');
    assert.equal((await fetch(url)).status, 403);
  } finally {
    await store.close();
  }
});
