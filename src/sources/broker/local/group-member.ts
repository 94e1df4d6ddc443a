/**
 * One member of a local consumer group: a loop that hands the member's
 * partitions' new records to `onBatch`, one batch at a time, round-robin over
 * its partitions so one busy partition does not starve the others.
 */
import type { Logger } from '../../../observability/index.ts';
import { BrokerError, type CommitOffset, type ConsumeOptions, type Consumer, type ConsumerBatch } from '../port.ts';
import type { GroupMember, LocalConsumerGroup, TopicPartition } from './consumer-group.ts';
import type { PartitionLog } from './partition-log.ts';
import type { LogRecord } from './record-codec.ts';
import type { WakeSignal } from './wake-signal.ts';

export interface MemberContext {
  group: LocalConsumerGroup;
  member: GroupMember;
  /** Each subscribed topic's partition logs. */
  logs: ReadonlyMap<string, PartitionLog[]>;
  wake: WakeSignal;
  options: ConsumeOptions;
  /** Where partitions without a commit start (`startAt: 'latest'`: their high as of `consume`); default 0. */
  startOffsets?: ReadonlyMap<string, number>;
  logger?: Logger;
}

interface Work extends TopicPartition {
  log: PartitionLog;
  from: number;
}

const RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000, 5000];

export function startGroupMember(context: MemberContext, onStopped: () => void): Consumer {
  const { group, member, wake, options } = context;
  const maxBatch = options.maxBatchMessages ?? 1000;
  const maxWaitMs = options.maxWaitMs ?? 500;
  const partitionCounts = new Map([...context.logs].map(([topic, logs]) => [topic, logs.length]));
  const positions = new Map<string, number>();
  let generation = -1;
  let cursor = 0;
  let failures = 0;
  let stopping = false;

  function nextWork(): Work | undefined {
    const owned = group.assignment(member, partitionCounts);
    for (let i = 0; i < owned.length; i++) {
      const part = owned[(cursor + i) % owned.length];
      const log = context.logs.get(part.topic)![part.partition];
      const key = positionKey(part);
      const from = positions.get(key) ?? group.offsets.committed(part.topic, part.partition) ?? context.startOffsets?.get(key) ?? 0;
      if (from < log.high && group.claim(part)) {
        cursor = (cursor + i + 1) % owned.length;
        return { ...part, log, from };
      }
    }
    return undefined;
  }

  async function deliver(work: Work): Promise<void> {
    try {
      const records = await work.log.read(work.from, maxBatch);
      await options.onBatch(toBatch(work, records), commitFor(work, group));
      positions.set(positionKey(work), work.from + records.length);
      failures = 0;
    } catch (error) {
      context.logger?.warn({ err: error, topic: work.topic, partition: work.partition }, 'local broker: onBatch failed; redelivering');
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[Math.min(failures++, RETRY_DELAYS_MS.length - 1)]));
    } finally {
      group.release(work);
    }
  }

  async function run(): Promise<void> {
    while (!stopping) {
      if (generation !== group.generation) {
        generation = group.generation;
        positions.clear();
      }
      const work = nextWork();
      if (work) await deliver(work);
      else await wake.wait(maxWaitMs);
    }
  }

  const running = run().finally(onStopped);
  return {
    async stop() {
      stopping = true;
      wake.wakeAll();
      await running;
    },
  };
}

export function positionKey(part: TopicPartition): string {
  return `${part.topic}\u0000${part.partition}`;
}

function toBatch(work: Work, records: LogRecord[]): ConsumerBatch {
  const messages = records.map((record, index) => ({
    topic: work.topic,
    partition: work.partition,
    offset: String(work.from + index),
    key: record.key,
    value: record.value,
    headers: record.headers,
    timestamp: record.timestamp,
  }));
  return {
    topic: work.topic,
    partition: work.partition,
    messages,
    firstOffset: String(work.from),
    lastOffset: String(work.from + records.length - 1),
  };
}

function commitFor(work: Work, group: LocalConsumerGroup): CommitOffset {
  return async (nextOffset) => {
    const next = /^\d+$/.test(nextOffset) ? Number(nextOffset) : NaN;
    if (!Number.isSafeInteger(next) || next > work.log.high) {
      throw new BrokerError('local', 'INVALID_OFFSET', `commit ${nextOffset} on ${work.topic}/${work.partition} (high ${work.log.high})`, false);
    }
    await group.offsets.commit(work.topic, work.partition, next);
  };
}
