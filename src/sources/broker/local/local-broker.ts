/**
 * The embedded profile's event broker: a file-backed log with Kafka's shape
 * (topics, partitions, dense offsets, consumer-group commits).
 *
 * Layout under `dir`: `broker.lock` (owner pid), `topics/<topic>/topic.json`,
 * `topics/<topic>/<partition>.log` (framed records, see `record-codec.ts`),
 * `groups/<group>.json` (committed offsets, replaced atomically).
 *
 * Scaling: one process owns the directory (a second one gets
 * `BROKER_LOCKED`). Within it, any number of `consume` calls with the same
 * group id share the partitions (see `consumer-group.ts`). Many processes
 * sharing one group need the Kafka adapter.
 */
import { mkdir } from 'node:fs/promises';
import type { Logger } from '../../../observability/index.ts';
import { partitionForKey } from '../partitioner.ts';
import { BrokerError, type BrokerMessage, type Consumer, type EventBroker, type ProduceResult } from '../port.ts';
import { createLocalConsumerGroup, type LocalConsumerGroup } from './consumer-group.ts';
import { lockDirectory } from './directory-lock.ts';
import { positionKey, startGroupMember } from './group-member.ts';
import { openGroupOffsets } from './group-offsets.ts';
import type { PartitionLog } from './partition-log.ts';
import type { LogRecord } from './record-codec.ts';
import { assertValidName, createTopicStore, type LocalTopic } from './topic-store.ts';
import { createWakeSignal } from './wake-signal.ts';

export interface LocalBrokerOptions {
  /** The directory that holds the log; created if missing. */
  dir: string;
  /** Receives a warning when an `onBatch` fails (the batch is then redelivered). */
  logger?: Logger;
}

type LocalBrokerState = { kind: 'open' } | { kind: 'closed' };

export async function createLocalBroker(options: LocalBrokerOptions): Promise<EventBroker> {
  await mkdir(options.dir, { recursive: true });
  const lock = await lockDirectory(options.dir);
  const topics = createTopicStore(options.dir);
  const wake = createWakeSignal();
  const groups = new Map<string, Promise<LocalConsumerGroup>>();
  const consumers = new Set<Consumer>();
  const roundRobin = new Map<string, number>();
  let state: LocalBrokerState = { kind: 'open' };

  function assertOpen(): void {
    switch (state.kind) {
      case 'open':
        return;
      case 'closed':
        throw new BrokerError('local', 'BROKER_CLOSED', 'the broker is closed', false);
      default:
        throw new Error(`unknown state ${state satisfies never as unknown}`);
    }
  }

  function groupFor(groupId: string): Promise<LocalConsumerGroup> {
    assertValidName('group', groupId);
    let group = groups.get(groupId);
    if (!group) {
      group = openGroupOffsets(options.dir, groupId).then(createLocalConsumerGroup);
      groups.set(groupId, group);
    }
    return group;
  }

  function partitionOf(topic: LocalTopic, key: string | null): number {
    const count = topic.partitions.length;
    if (key !== null) return partitionForKey(key, count);
    const next = (roundRobin.get(topic.name) ?? -1) + 1;
    roundRobin.set(topic.name, next);
    return next % count;
  }

  return {
    adapter: 'local',
    async ensureTopic(topic, partitions) {
      assertOpen();
      await topics.ensure(topic, partitions);
    },
    async produce(topicName, messages) {
      assertOpen();
      const topic = await topics.get(topicName);
      const byPartition = new Map<number, LogRecord[]>();
      const now = Date.now();
      for (const message of messages) {
        const partition = partitionOf(topic, message.key);
        if (!byPartition.has(partition)) byPartition.set(partition, []);
        byPartition.get(partition)!.push(toRecord(message, now));
      }
      const results = await Promise.all(
        [...byPartition].map(async ([partition, records]): Promise<ProduceResult> => {
          const first = await topic.partitions[partition].append(records);
          return { topic: topicName, partition, offset: String(first) };
        }),
      );
      wake.wakeAll();
      return results.sort((a, b) => a.partition - b.partition);
    },
    async consume(consumeOptions) {
      assertOpen();
      const logs = new Map<string, PartitionLog[]>();
      for (const name of consumeOptions.topics) logs.set(name, (await topics.get(name)).partitions);
      const group = await groupFor(consumeOptions.groupId);
      const startOffsets = consumeOptions.startAt === 'latest' ? highWatermarks(logs) : undefined;
      const member = group.join(consumeOptions.topics);
      wake.wakeAll();
      const context = { group, member, logs, wake, options: consumeOptions, startOffsets, logger: options.logger };
      const consumer: Consumer = startGroupMember(context, () => {
        group.leave(member);
        consumers.delete(consumer);
        wake.wakeAll();
      });
      consumers.add(consumer);
      return consumer;
    },
    async groupLag(groupId, topicName) {
      assertOpen();
      const [group, topic] = await Promise.all([groupFor(groupId), topics.get(topicName)]);
      return topic.partitions.map((log, partition) => ({
        partition,
        committed: String(group.offsets.committed(topicName, partition) ?? -1),
        high: String(log.high),
      }));
    },
    async close() {
      if (state.kind === 'closed') return;
      state = { kind: 'closed' };
      await Promise.all([...consumers].map((consumer) => consumer.stop()));
      await topics.close();
      await lock.release();
    },
  };
}

function highWatermarks(logs: ReadonlyMap<string, PartitionLog[]>): Map<string, number> {
  const highs = new Map<string, number>();
  for (const [topic, partitions] of logs) {
    partitions.forEach((log, partition) => {
      highs.set(positionKey({ topic, partition }), log.high);
    });
  }
  return highs;
}

function toRecord(message: BrokerMessage, now: number): LogRecord {
  return {
    key: message.key,
    value: typeof message.value === 'string' ? Buffer.from(message.value, 'utf8') : message.value,
    headers: message.headers ?? {},
    timestamp: message.timestamp ?? now,
  };
}
