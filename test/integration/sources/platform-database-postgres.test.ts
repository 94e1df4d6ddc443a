import pg from 'pg';
import { createPostgresPlatformDatabase } from '../../../src/sources/index.ts';
import { runPlatformDatabaseContract } from '../../contract/platform-database.contract.ts';
import { requireEnv } from '../../support/test-gateway.ts';

runPlatformDatabaseContract('postgres', async () => {
  const adminUrl = requireEnv('MESHGATE_TEST_DATABASE_URL');
  const name = `mg_pdb_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createPostgresPlatformDatabase(url.toString());
  return {
    db,
    async cleanup() {
      await db.close();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
});
