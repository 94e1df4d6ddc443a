import { after } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { createPglitePlatformDatabase } from '../../src/sources/index.ts';
import { runPlatformDatabaseContract } from './platform-database.contract.ts';

// One in-memory PGlite for the suite: starting one costs seconds of WASM set-up.
const pglite = PGlite.create();
after(async () => (await pglite).close());

runPlatformDatabaseContract('pglite', async () => ({ db: createPglitePlatformDatabase(await pglite), cleanup: async () => {} }));
