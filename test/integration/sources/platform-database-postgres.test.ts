import { createPostgresPlatformDatabase } from '../../../src/sources/index.ts';
import { runPlatformDatabaseContract } from '../../contract/platform-database.contract.ts';
import { createTestDatabase } from '../../support/postgres-database.ts';

runPlatformDatabaseContract('postgres', async () => {
  const database = await createTestDatabase('mg_pdb');
  const db = createPostgresPlatformDatabase(database.url);
  return {
    db,
    async cleanup() {
      await db.close();
      await database.drop();
    },
  };
});
