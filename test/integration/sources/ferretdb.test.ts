import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MongoClient } from 'mongodb';
import { SourceError, createMongoSource } from '../../../src/sources/index.ts';
import { runRecordSourceContract } from '../../contract/record-source.contract.ts';
import { requireEnv } from '../../support/required-env.ts';
import { uniqueRunName } from './run-name.ts';

const HINT = 'run `bash scripts/services.sh up` and `eval "$(bash scripts/services.sh env)"`';

/**
 * Each run gets its own database, dropped afterwards. FerretDB 1.24 on its
 * SQLite backend breaks on `"` in collection and field names (its own SQL and
 * JSON quoting), so names here carry only `'`.
 */
runRecordSourceContract('mongo (FerretDB)', async () => {
  const url = requireEnv('MESHGATE_TEST_MONGO_URL', HINT);
  const database = uniqueRunName('contract');
  const source = createMongoSource({ url, database, serverSelectionTimeoutMS: 5000 });
  if (!(await source.ping())) {
    await source.close();
    throw new Error(`MongoDB/FerretDB at MESHGATE_TEST_MONGO_URL does not answer: ${HINT}`);
  }
  const cleanup = async () => {
    await source.close();
    const client = new MongoClient(url);
    await client.db(database).dropDatabase();
    await client.close();
  };
  return { source, cleanup, doubleQuotesInNames: false };
});

it('mongo: an unreachable server is a retriable SourceError', async () => {
  const source = createMongoSource({ url: 'mongodb://127.0.0.1:1', database: 'none', serverSelectionTimeoutMS: 300 });
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
