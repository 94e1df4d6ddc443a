import pg from 'pg';
import { createPostgresPlatformDatabase } from '../../../src/sources/index.ts';
import { requiredEnv, uniqueRunName } from '../sources/required-env.ts';
import { runPolicyStoreContract } from './store.contract.ts';

// Two connection pools on one fresh database: two gateways. Fails (never skips) without the service.
runPolicyStoreContract('postgres', async () => {
  const adminUrl = requiredEnv('MESHGATE_TEST_DATABASE_URL', 'run `npm test` (it starts PostgreSQL) or `. scripts/services.env.sh`');
  const name = uniqueRunName('mg_policy');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const first = createPostgresPlatformDatabase(url.toString());
  const second = createPostgresPlatformDatabase(url.toString());
  return {
    first,
    second,
    async cleanup() {
      await first.close();
      await second.close();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
});
