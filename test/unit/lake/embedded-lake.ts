/**
 * The embedded lake parts the lake unit tests run on, in a temporary
 * directory: the local log broker, s3rver with a `lake` bucket, PGlite as the
 * platform database. `close` stops them all and removes the directory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
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

export interface EmbeddedLake {
  dir: string;
  broker: EventBroker;
  s3: EmbeddedS3;
  store: ObjectStore;
  pglite: PGlite;
  db: PlatformDatabase;
  close(): Promise<void>;
}

export async function openEmbeddedLake(prefix: string): Promise<EmbeddedLake> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  const broker = await createLocalBroker({ dir: join(dir, 'broker') });
  const s3 = await startEmbeddedS3({ dir: join(dir, 's3') });
  const store = createS3ObjectStore({ ...s3, bucket: 'lake' });
  await store.ensureBucket();
  const pglite = new PGlite();
  const db = createPglitePlatformDatabase(pglite);
  return {
    dir,
    broker,
    s3,
    store,
    pglite,
    db,
    async close() {
      await broker.close();
      await store.close();
      await s3.close();
      await pglite.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
