import { createPostgresPlatformDatabase } from '../../../src/sources/index.ts';
import { createTestDatabase } from '../../support/postgres-database.ts';
import { runPolicyStoreContract } from './store.contract.ts';

// Two connection pools on one fresh database: two gateways. Fails (never skips) without the service.
runPolicyStoreContract('postgres', async () => {
  const database = await createTestDatabase('mg_policy');
  const first = createPostgresPlatformDatabase(database.url);
  const second = createPostgresPlatformDatabase(database.url);
  return {
    first,
    second,
    async cleanup() {
      await first.close();
      await second.close();
      await database.drop();
    },
  };
});
