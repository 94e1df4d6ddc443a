import { PGlite } from '@electric-sql/pglite';
import { createPglitePlatformDatabase } from '../../../src/sources/index.ts';
import { runPolicyStoreContract } from './store.contract.ts';

// Embedded: two stores share one PGlite, as the embedded gateway's components do.
runPolicyStoreContract('pglite', async () => {
  const pglite = await PGlite.create();
  const db = createPglitePlatformDatabase(pglite);
  return { first: db, second: createPglitePlatformDatabase(pglite), cleanup: () => pglite.close() };
});
