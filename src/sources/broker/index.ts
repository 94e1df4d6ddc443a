/**
 * The event broker port and its adapters: Kafka (services profile) and a
 * local file-backed log (embedded profile). Both pass `test/contract/broker.contract.ts`.
 */
export type {
  BrokerErrorCode,
  BrokerMessage,
  CommitOffset,
  ConsumedMessage,
  ConsumeOptions,
  Consumer,
  ConsumerBatch,
  EventBroker,
  PartitionLag,
  ProduceResult,
} from './port.ts';
export { BrokerError } from './port.ts';
export type { KafkaBrokerOptions, KafkaSasl } from './kafka/kafka-broker.ts';
export { createKafkaBroker } from './kafka/kafka-broker.ts';
export type { LocalBrokerOptions } from './local/local-broker.ts';
export { createLocalBroker } from './local/local-broker.ts';
export { murmur2, partitionForKey } from './partitioner.ts';
