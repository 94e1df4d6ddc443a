/**
 * The services profile's event broker over kafkajs: an idempotent producer
 * with acks=all (one request in flight, so retries cannot reorder), Kafka's
 * default murmur2 partitioner, consumers without auto-commit, and an admin
 * client for topics and offsets. Connections open on first use.
 */
import { Kafka, logLevel, Partitioners, type Admin, type SASLOptions } from 'kafkajs';
import type { Logger } from '../../../observability/index.ts';
import type { Consumer, EventBroker, ProduceResult } from '../port.ts';
import { BrokerError } from '../port.ts';
import { startKafkaConsumer, type StartOffsets } from './kafka-consumer.ts';
import { kafkaLogCreator, lazyConnection, translatingKafkaErrors } from './kafka-support.ts';

export interface KafkaBrokerOptions {
  brokers: string[];
  clientId: string;
  /** Receives kafkajs's warnings and errors; kafkajs is silent without it. */
  logger?: Logger;
  /** TLS to the brokers; `ca` (PEM) replaces the system's roots for a private CA. Absent: plaintext. */
  ssl?: { ca?: string };
  /** SASL authentication (over TLS unless the network is trusted: PLAIN sends the password as is). */
  sasl?: KafkaSasl;
}

export type KafkaSasl = { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string } & SASLOptions;

type KafkaBrokerState = { kind: 'open' } | { kind: 'closed' };

/** How long a new topic may take to exist with a leader on every partition; the creation request's part of it. */
const TOPIC_READY_MS = 30_000;
const CREATE_TIMEOUT_MS = 15_000;
/** Answers that mean "not yet" for a topic being created. */
const NOT_YET = new Set(['LEADER_NOT_AVAILABLE', 'UNKNOWN_TOPIC_OR_PARTITION', 'NOT_LEADER_FOR_PARTITION', 'REPLICA_NOT_AVAILABLE']);

/**
 * Resolves once every partition of `topic` answers for its offsets, so its leader really leads:
 * the metadata names a leader before that broker has taken the partition on, and a produce or an
 * offset lookup in between fails with NOT_LEADER_FOR_PARTITION. kafkajs's own `waitForLeaders`
 * only reads the metadata, is skipped when the topic already exists (created by another gateway,
 * or by a creation that timed out and was retried) and gives up after 10 s.
 */
async function waitForLeaders(client: Admin, topic: string): Promise<void> {
  const deadline = Date.now() + TOPIC_READY_MS;
  for (;;) {
    try {
      const { topics } = await client.fetchTopicMetadata({ topics: [topic] });
      const partitions = topics[0]?.partitions ?? [];
      if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) {
        const offsets = await client.fetchTopicOffsets(topic);
        if (offsets.length === partitions.length) return;
      }
    } catch (error) {
      if (!isNotYet(error)) throw error;
    }
    if (Date.now() > deadline)
      throw new BrokerError('kafka', 'BROKER_UNAVAILABLE', `topic ${topic} has partitions without a leader after ${TOPIC_READY_MS} ms`, true);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isNotYet(error: unknown): boolean {
  for (let e = error as { type?: unknown; originalError?: unknown } | undefined; e; e = e.originalError as typeof e) {
    if (NOT_YET.has(String(e.type))) return true;
  }
  return false;
}

export function createKafkaBroker(options: KafkaBrokerOptions): EventBroker {
  const kafka = new Kafka({
    brokers: options.brokers,
    clientId: options.clientId,
    ssl: options.ssl ? (options.ssl.ca ? { ca: [options.ssl.ca] } : true) : undefined,
    sasl: options.sasl,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(options.logger),
  });
  const producer = lazyConnection(
    kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner }),
  );
  const admin = lazyConnection(kafka.admin());
  const consumers = new Set<Consumer>();
  const knownTopics = new Map<string, Promise<void>>();
  let state: KafkaBrokerState = { kind: 'open' };

  function assertOpen(): void {
    switch (state.kind) {
      case 'open':
        return;
      case 'closed':
        throw new BrokerError('kafka', 'BROKER_CLOSED', 'the broker is closed', false);
      default:
        throw new Error(`unknown state ${state satisfies never as unknown}`);
    }
  }

  /**
   * Fails fast with `UNKNOWN_TOPIC` for a topic never created: kafkajs's
   * producer and consumer would otherwise retry its metadata without end.
   */
  function assertTopicExists(topic: string): Promise<void> {
    let check = knownTopics.get(topic);
    if (!check) {
      check = translatingKafkaErrors(`topic ${topic}`, async () => void (await (await admin.get()).fetchTopicMetadata({ topics: [topic] })));
      knownTopics.set(topic, check);
      check.catch(() => knownTopics.delete(topic));
    }
    return check;
  }

  function highWatermarks(topics: readonly string[]): Promise<StartOffsets> {
    return translatingKafkaErrors('latest offsets', async () => {
      const client = await admin.get();
      const entries = await Promise.all(
        topics.map(async (topic) => [topic, new Map((await client.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]))] as const),
      );
      return new Map(entries);
    });
  }

  return {
    adapter: 'kafka',
    async ensureTopic(topic, partitions) {
      assertOpen();
      await translatingKafkaErrors(`create topic ${topic}`, async () => {
        const client = await admin.get();
        // Kafka's own deadline for the creation: kafkajs asks for 5 s, which a loaded controller overruns;
        // a creation that still timed out usually completes, which the wait for leaders then sees.
        await client
          .createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: false, timeout: CREATE_TIMEOUT_MS })
          .catch((error: unknown) => {
            if (!(error as { errors?: { type?: string }[] }).errors?.every((e) => e.type === 'REQUEST_TIMED_OUT')) throw error;
          });
        await waitForLeaders(client, topic);
      });
    },
    async produce(topic, messages) {
      assertOpen();
      await assertTopicExists(topic);
      if (messages.length === 0) return [];
      const metadata = await translatingKafkaErrors(`produce to ${topic}`, async () =>
        (await producer.get()).send({
          topic,
          acks: -1,
          messages: messages.map((m) => ({
            key: m.key,
            value: m.value,
            headers: m.headers,
            timestamp: m.timestamp === undefined ? undefined : String(m.timestamp),
          })),
        }),
      );
      return metadata
        .map((m): ProduceResult => ({ topic: m.topicName, partition: m.partition, offset: m.baseOffset ?? '-1' }))
        .sort((a, b) => a.partition - b.partition);
    },
    async consume(consumeOptions) {
      assertOpen();
      await Promise.all(consumeOptions.topics.map(assertTopicExists));
      const startOffsets = consumeOptions.startAt === 'latest' ? await highWatermarks(consumeOptions.topics) : undefined;
      const started = await startKafkaConsumer(kafka, consumeOptions, startOffsets);
      const consumer: Consumer = {
        async stop() {
          consumers.delete(consumer);
          await started.stop();
        },
      };
      consumers.add(consumer);
      return consumer;
    },
    async groupLag(groupId, topic) {
      assertOpen();
      await assertTopicExists(topic);
      return translatingKafkaErrors(`offsets of ${groupId} on ${topic}`, async () => {
        const client = await admin.get();
        const [committed, topicOffsets] = await Promise.all([client.fetchOffsets({ groupId, topics: [topic] }), client.fetchTopicOffsets(topic)]);
        const byPartition = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, p.offset]));
        return topicOffsets
          .map((p) => ({ partition: p.partition, committed: byPartition.get(p.partition) ?? '-1', high: p.high }))
          .sort((a, b) => a.partition - b.partition);
      });
    },
    async close() {
      if (state.kind === 'closed') return;
      state = { kind: 'closed' };
      await Promise.allSettled([...consumers].map((consumer) => consumer.stop()));
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    },
  };
}
