/**
 * One Kafka consumer-group member. kafkajs fetches from the last *resolved*
 * offset, so each chunk handed to `onBatch` is resolved only after it
 * succeeded: a failed chunk (and everything after it) is fetched again.
 * Nothing is committed unless `commit` is called.
 *
 * `startAt: 'latest'`: the caller passes each partition's high watermark as
 * of `consume`. kafkajs seeks only once `run` made a group; the seek is made
 * when the member first joins (kafkajs emits GROUP_JOIN synchronously before
 * its first fetch, which applies pending seeks). Each partition also keeps a
 * floor (the start, then last delivered + 1): a later rejoin or rewind never
 * delivers a message twice or one from before the start.
 */
import type { Consumer as KafkaConsumer, Kafka, KafkaMessage } from 'kafkajs';
import type { CommitOffset, ConsumeOptions, Consumer, ConsumerBatch } from '../port.ts';
import { assertOffset, translatingKafkaErrors } from './kafka-support.ts';

/** Per topic, per partition: the offset a group without commits starts at. */
export type StartOffsets = ReadonlyMap<string, ReadonlyMap<number, string>>;

export async function startKafkaConsumer(kafka: Kafka, options: ConsumeOptions, startOffsets?: StartOffsets): Promise<Consumer> {
  const maxBatch = options.maxBatchMessages ?? 1000;
  const consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: options.maxWaitMs ?? 500, allowAutoTopicCreation: false });
  await translatingKafkaErrors('consumer connect', async () => {
    await consumer.connect();
    // fromBeginning: a group without commits starts at the earliest offset (unless a start is given).
    await consumer.subscribe({ topics: options.topics, fromBeginning: startOffsets === undefined });
  });
  const floors = floorsFrom(startOffsets);
  if (startOffsets) seekOnFirstJoin(consumer, startOffsets);
  const commitFor =
    (topic: string, partition: number): CommitOffset =>
    async (nextOffset) => {
      assertOffset('kafka', nextOffset);
      await translatingKafkaErrors('commit', () => consumer.commitOffsets([{ topic, partition, offset: nextOffset }]));
    };
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      for (let start = 0; start < batch.messages.length; start += maxBatch) {
        if (!isRunning() || isStale()) return;
        const chunk = batch.messages.slice(start, start + maxBatch);
        const floorKey = `${batch.topic}\u0000${batch.partition}`;
        const floor = floors?.get(floorKey);
        const fresh = floor === undefined ? chunk : chunk.filter((message) => BigInt(message.offset) >= floor);
        if (fresh.length > 0) await options.onBatch(toBatch(batch.topic, batch.partition, fresh), commitFor(batch.topic, batch.partition));
        const last = chunk[chunk.length - 1].offset;
        if (floors && (floor === undefined || BigInt(last) >= floor)) floors.set(floorKey, BigInt(last) + 1n);
        resolveOffset(last);
        await heartbeat();
      }
    },
  });
  return {
    async stop() {
      // disconnect waits for the batch in flight, then leaves the group.
      await consumer.disconnect();
    },
  };
}

function seekOnFirstJoin(consumer: KafkaConsumer, startOffsets: StartOffsets): void {
  const removeListener = consumer.on(consumer.events.GROUP_JOIN, () => {
    removeListener();
    for (const [topic, partitions] of startOffsets) {
      for (const [partition, offset] of partitions) consumer.seek({ topic, partition, offset });
    }
  });
}

function floorsFrom(startOffsets: StartOffsets | undefined): Map<string, bigint> | undefined {
  if (!startOffsets) return undefined;
  const floors = new Map<string, bigint>();
  for (const [topic, partitions] of startOffsets) {
    for (const [partition, offset] of partitions) floors.set(`${topic}\u0000${partition}`, BigInt(offset));
  }
  return floors;
}

function toBatch(topic: string, partition: number, messages: KafkaMessage[]): ConsumerBatch {
  return {
    topic,
    partition,
    firstOffset: messages[0].offset,
    lastOffset: messages[messages.length - 1].offset,
    messages: messages.map((message) => ({
      topic,
      partition,
      offset: message.offset,
      key: message.key === null ? null : message.key.toString('utf8'),
      value: message.value ?? Buffer.alloc(0),
      headers: headersToStrings(message.headers),
      timestamp: Number(message.timestamp),
    })),
  };
}

function headersToStrings(headers: KafkaMessage['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    result[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return result;
}
