import { createKafkaBroker } from '../../../src/sources/index.ts';
import { runBrokerContract } from '../../contract/broker.contract.ts';
import { requiredEnv, uniqueRunName } from './required-env.ts';

const brokers = requiredEnv('MESHGATE_TEST_KAFKA_BROKERS', 'run `bash scripts/services.sh up kafka` and eval "$(bash scripts/services.sh env)"').split(',');
// Kafka topics and groups outlive the test: every run gets its own names.
const run = uniqueRunName('contract');

runBrokerContract('kafka', {
  open: async () => createKafkaBroker({ brokers, clientId: 'meshgate-contract' }),
  unique: (label) => `${run}.${label}`,
});
