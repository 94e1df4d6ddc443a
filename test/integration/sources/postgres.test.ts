import assert from 'node:assert/strict';
import { it } from 'node:test';
import pg from 'pg';
import { SourceError, createPostgresSource } from '../../../src/sources/index.ts';
import { runRecordSourceContract } from '../../contract/record-source.contract.ts';
import { requireEnv } from '../../support/required-env.ts';
import { uniqueRunName } from './run-name.ts';

const HINT = 'run `bash scripts/services.sh up` and `eval "$(bash scripts/services.sh env)"`';

/** Each run gets its own schema (with a quote in its name), dropped afterwards. */
runRecordSourceContract('postgres', async () => {
  const connectionString = requireEnv('MESHGATE_TEST_DATABASE_URL', HINT);
  const source = createPostgresSource({ connectionString, max: 4 });
  if (!(await source.ping())) {
    await source.close();
    throw new Error(`PostgreSQL at MESHGATE_TEST_DATABASE_URL does not answer: ${HINT}`);
  }
  const schema = uniqueRunName('contract"pg');
  const cleanup = async () => {
    await source.close();
    const client = new pg.Client({ connectionString });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema.replaceAll('"', '""')}" CASCADE`);
    await client.end();
  };
  return { source, schema, cleanup };
});

it('postgres: an unreachable server is a retriable SourceError', async () => {
  const source = createPostgresSource({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
  try {
    await assert.rejects(source.count({ name: 'x', key: 'id', fields: [] }), (error: unknown) => {
      assert.ok(error instanceof SourceError);
      assert.equal(error.retriable, true);
      return true;
    });
  } finally {
    await source.close();
  }
});
