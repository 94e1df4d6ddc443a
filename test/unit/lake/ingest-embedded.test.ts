import { after, before } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createLocalBroker, createPglitePlatformDatabase, type EventBroker, type PlatformDatabase } from '../../../src/sources/index.ts';
import { ingestScenarios } from './ingest-support.ts';

let dir: string;
let pglite: PGlite;
let broker: EventBroker;
let db: PlatformDatabase;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'meshgate-ingest-'));
  broker = await createLocalBroker({ dir });
  pglite = await PGlite.create();
  db = createPglitePlatformDatabase(pglite);
});

after(async () => {
  await broker.close();
  await pglite.close();
  await rm(dir, { recursive: true, force: true });
});

ingestScenarios('local broker + PGlite', () => ({ broker, db }));
