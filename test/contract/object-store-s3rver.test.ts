import { after } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createS3ObjectStore, startEmbeddedS3 } from '../../src/sources/index.ts';
import { runObjectStoreContract } from './object-store.contract.ts';

const dir = await mkdtemp(join(tmpdir(), 'meshgate-s3rver-'));
const s3 = await startEmbeddedS3({ dir });
after(async () => {
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

const { close: _close, ...connection } = s3;
const bucket = 'contract-lake';
const setup = createS3ObjectStore({ ...connection, bucket });
await setup.ensureBucket();
await setup.close();

let counter = 0;
// s3rver takes ~15 ms a put: page size 100 pages the listing without 1,100 puts.
runObjectStoreContract('s3rver', { connection, bucket, unique: (label) => `${label}-${++counter}`, bulkListing: { objects: 250, pageSize: 100 } });
