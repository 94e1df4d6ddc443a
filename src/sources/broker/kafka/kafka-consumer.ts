/**
 * One Kafka consumer-group member. kafkajs fetches from the last *resolved*
 * offset, so each chunk handed to `onBatch` is resolved only after it
 * succeeded: a failed chunk (and everything after it) is fetched again.
 * Nothing is committed unless `commit` is called.
 */
import type { Kafka, KafkaMessage } from 'kafkajs';
import type { CommitOffset, ConsumeOptions, Consumer, ConsumerBatch } from '../port.ts';
import { assertOffset, translatingKafkaErrors } from './kafka-support.ts';

export async function startKafkaConsumer(kafka: Kafka, options: ConsumeOptions): Promise<Consumer> {
  const maxBatch = options.maxBatchMessages ?? 1000;
  const consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: options.maxWaitMs ?? 500, allowAutoTopicCreation: false });
  await translatingKafkaErrors('consumer connect', async () => {
    await consumer.connect();
    // fromBeginning: a group without commits starts at the earliest offset.
    await consumer.subscribe({ topics: options.topics, fromBeginning: true });
  });
  const commitFor = (topic: string, partition: number): CommitOffset => async (nextOffset) => {
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
        await options.onBatch(toBatch(batch.topic, batch.partition, chunk), commitFor(batch.topic, batch.partition));
        resolveOffset(chunk[chunk.length - 1].offset);
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
