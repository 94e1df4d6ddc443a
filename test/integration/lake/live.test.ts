import { after, before } from 'node:test';
import { requireEnv } from '../../support/required-env.ts';
import { createKafkaBroker, type EventBroker } from '../../../src/sources/index.ts';
import { liveScenarios } from '../../unit/lake/live-scenarios.ts';

let broker: EventBroker;

before(() => {
  broker = createKafkaBroker({ brokers: requireEnv('MESHGATE_TEST_KAFKA_BROKERS').split(','), clientId: 'meshgate-live-test' });
});

after(async () => {
  await broker?.close();
});

liveScenarios('Kafka', () => broker);
