/** Lake retention on the embedded parts: local broker, s3rver, PGlite. */
import { after, before, describe, test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ensureLakeCatalog } from '../../../src/lake/catalog/index.ts';
import {
  createLocalBroker,
  createPglitePlatformDatabase,
  createS3ObjectStore,
  startEmbeddedS3,
  type EmbeddedS3,
  type EventBroker,
  type ObjectStore,
  type PlatformDatabase,
} from '../../../src/sources/index.ts';
import { retentionScenario } from './retention-scenarios.ts';

let dir: string;
let broker: EventBroker;
let s3: EmbeddedS3;
let store: ObjectStore;
let pglite: PGlite;
let db: PlatformDatabase;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'retention-test-'));
  broker = await createLocalBroker({ dir: join(dir, 'broker') });
  s3 = await startEmbeddedS3({ dir: join(dir, 's3') });
  store = createS3ObjectStore({ ...s3, bucket: 'lake' });
  await store.ensureBucket();
  pglite = new PGlite();
  db = createPglitePlatformDatabase(pglite);
  await ensureLakeCatalog(db);
});

after(async () => {
  await broker.close();
  await store.close();
  await s3.close();
  await pglite.close();
  await rm(dir, { recursive: true, force: true });
});

describe('lake retention on s3rver and PGlite', () => {
  test('removes only wholly expired files (store, catalog), records and counts them, expires old claims; a dry run removes nothing', {
    timeout: 120_000,
  }, async () => {
    await retentionScenario({ broker, store, db, dir });
  });
});
