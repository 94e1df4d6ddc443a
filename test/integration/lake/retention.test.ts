/** Lake retention on PostgreSQL and versitygw (events produced through the local log broker). */
import { after, before, describe, test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEnv } from '../../support/required-env.ts';
import { ensureLakeCatalog } from '../../../src/lake/catalog/index.ts';
import {
  createLocalBroker,
  createPostgresPlatformDatabase,
  createS3ObjectStore,
  type EventBroker,
  type ObjectStore,
  type PlatformDatabase,
} from '../../../src/sources/index.ts';
import { retentionScenario } from '../../unit/lake/retention-scenarios.ts';

let dir: string;
let broker: EventBroker;
let store: ObjectStore;
let db: PlatformDatabase;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'retention-it-'));
  broker = await createLocalBroker({ dir: join(dir, 'broker') });
  store = createS3ObjectStore({
    endpoint: requireEnv('MESHGATE_TEST_S3_ENDPOINT'),
    bucket: requireEnv('MESHGATE_TEST_S3_BUCKET'),
    region: process.env.MESHGATE_TEST_S3_REGION ?? 'us-east-1',
    accessKeyId: requireEnv('MESHGATE_TEST_S3_ACCESS_KEY'),
    secretAccessKey: requireEnv('MESHGATE_TEST_S3_SECRET_KEY'),
  });
  await store.ensureBucket();
  db = createPostgresPlatformDatabase(requireEnv('MESHGATE_TEST_DATABASE_URL'));
  await ensureLakeCatalog(db);
});

after(async () => {
  await broker?.close();
  await store?.close();
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('lake retention on PostgreSQL and versitygw', () => {
  test('removes only wholly expired files (store, catalog), records and counts them, expires old claims; a dry run removes nothing', {
    timeout: 180_000,
  }, async () => {
    await retentionScenario({ broker, store, db, dir });
  });
});
