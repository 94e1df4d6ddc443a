import { createKafkaBroker } from '../../../src/sources/index.ts';
import { runBrokerContract } from '../../contract/broker.contract.ts';
import { requireEnv } from '../../support/required-env.ts';
import { uniqueRunName } from './run-name.ts';

const brokers = requireEnv('MESHGATE_TEST_KAFKA_BROKERS', 'run `bash scripts/services.sh up kafka` and eval "$(bash scripts/services.sh env)"').split(',');
// Kafka topics and groups outlive the test: every run gets its own names.
const run = uniqueRunName('contract');

runBrokerContract('kafka', {
  open: async () => createKafkaBroker({ brokers, clientId: 'meshgate-contract' }),
  unique: (label) => `${run}.${label}`,
});
