import { after, before } from 'node:test';
import { requireEnv } from '../../support/required-env.ts';
import { createKafkaBroker, createPostgresPlatformDatabase, type EventBroker, type PlatformDatabase } from '../../../src/sources/index.ts';
import { ingestScenarios } from '../../unit/lake/ingest-support.ts';

let broker: EventBroker;
let db: PlatformDatabase;

before(() => {
  broker = createKafkaBroker({ brokers: requireEnv('MESHGATE_TEST_KAFKA_BROKERS').split(','), clientId: 'meshgate-ingest-test' });
  db = createPostgresPlatformDatabase(requireEnv('MESHGATE_TEST_DATABASE_URL'));
});

after(async () => {
  await broker?.close();
  await db?.close();
});

ingestScenarios('Kafka + PostgreSQL', () => ({ broker, db }));
