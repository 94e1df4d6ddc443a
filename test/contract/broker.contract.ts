/**
 * The event broker port: the same behaviour from the Kafka adapter and the
 * local file-backed log. `open` may be called again after `close` and must
 * see the same storage (a restart).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BrokerError, partitionForKey } from '../../src/sources/index.ts';
import type { CommitOffset, ConsumedMessage, ConsumerBatch, EventBroker } from '../../src/sources/index.ts';

export interface BrokerHarness {
  open(): Promise<EventBroker>;
  /** A topic or group name no other run uses. */
  unique(label: string): string;
}

type BatchHandler = (batch: ConsumerBatch, commit: CommitOffset) => Promise<void> | void;

/** Consumes until `done` holds for everything received so far, then stops the consumer. */
async function consumeUntil(
  broker: EventBroker,
  options: { groupId: string; topics: string[]; maxBatchMessages?: number; onBatch?: BatchHandler },
  done: (received: ConsumedMessage[]) => boolean,
  timeoutMs = 60_000,
): Promise<ConsumedMessage[]> {
  const received: ConsumedMessage[] = [];
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const consumer = await broker.consume({
    groupId: options.groupId,
    topics: options.topics,
    maxBatchMessages: options.maxBatchMessages,
    maxWaitMs: 100,
    async onBatch(batch, commit) {
      await options.onBatch?.(batch, commit);
      received.push(...batch.messages);
      if (done(received)) finish();
    },
  });
  const timer = setTimeout(finish, timeoutMs);
  await finished;
  clearTimeout(timer);
  await consumer.stop();
  assert.ok(done(received), `timed out after receiving ${received.length} messages`);
  return received;
}

const values = (messages: ConsumedMessage[]) => messages.map((m) => m.value.toString('utf8'));
const commitEach: BatchHandler = (batch, commit) => commit(String(BigInt(batch.lastOffset) + 1n));

export function runBrokerContract(name: string, harness: BrokerHarness): void {
  describe(`event broker contract: ${name}`, { timeout: 180_000 }, () => {
    it('acknowledges a produce with the first offset of its messages per partition', async () => {
      const broker = await harness.open();
      try {
        const topic = harness.unique('acks');
        await broker.ensureTopic(topic, 3);
        const first = await broker.produce(
          topic,
          [1, 2, 3].map((n) => ({ key: 'order-1', value: `v${n}` })),
        );
        const second = await broker.produce(topic, [{ key: 'order-1', value: 'v4' }]);
        const partition = partitionForKey('order-1', 3);
        assert.deepEqual(first, [{ topic, partition, offset: '0' }]);
        assert.deepEqual(second, [{ topic, partition, offset: '3' }]);
      } finally {
        await broker.close();
      }
    });

    it('puts every message of a key on the partition Kafka’s default partitioner picks, in order', async () => {
      const broker = await harness.open();
      try {
        const topic = harness.unique('keys');
        await broker.ensureTopic(topic, 4);
        const keys = Array.from({ length: 12 }, (_, i) => `customer-${i}`);
        for (let round = 0; round < 3; round++) {
          await broker.produce(
            topic,
            keys.map((key) => ({ key, value: `${key}#${round}`, headers: { round: String(round) } })),
          );
        }
        const received = await consumeUntil(broker, { groupId: harness.unique('keys-group'), topics: [topic] }, (r) => r.length >= 36);
        for (const key of keys) {
          const mine = received.filter((m) => m.key === key);
          assert.deepEqual(new Set(mine.map((m) => m.partition)), new Set([partitionForKey(key, 4)]), key);
          assert.deepEqual(
            values(mine),
            [0, 1, 2].map((round) => `${key}#${round}`),
          );
          assert.deepEqual(
            mine.map((m) => m.headers.round),
            ['0', '1', '2'],
          );
        }
        const spread = new Set(received.map((m) => m.partition));
        assert.ok(spread.size > 1, 'twelve keys all hashed to one partition');
      } finally {
        await broker.close();
      }
    });

    it('hands batches per partition in offset order with their first and last offsets', async () => {
      const broker = await harness.open();
      try {
        const topic = harness.unique('order');
        await broker.ensureTopic(topic, 2);
        const before = Date.now();
        await broker.produce(
          topic,
          Array.from({ length: 50 }, (_, i) => ({ key: null, value: Buffer.from([i]) })),
        );
        const batches: ConsumerBatch[] = [];
        const received = await consumeUntil(
          broker,
          { groupId: harness.unique('order-group'), topics: [topic], maxBatchMessages: 7, onBatch: (b) => void batches.push(b) },
          (r) => r.length >= 50,
        );
        assert.ok(batches.every((b) => b.messages.length <= 7 && b.messages.length > 0));
        for (const batch of batches) {
          assert.equal(batch.firstOffset, batch.messages[0].offset);
          assert.equal(batch.lastOffset, batch.messages.at(-1)!.offset);
          assert.ok(batch.messages.every((m) => m.topic === topic && m.partition === batch.partition && m.key === null));
        }
        for (const partition of [0, 1]) {
          const offsets = received.filter((m) => m.partition === partition).map((m) => Number(m.offset));
          assert.deepEqual(
            offsets,
            offsets.map((_, i) => i),
            `partition ${partition} offsets`,
          );
        }
        assert.deepEqual(
          received.map((m) => m.value[0]).sort((a, b) => a - b),
          Array.from({ length: 50 }, (_, i) => i),
        );
        assert.ok(received.every((m) => m.timestamp >= before - 1000 && m.timestamp <= Date.now() + 1000));
      } finally {
        await broker.close();
      }
    });

    it('commits nothing unless asked, and reports committed offsets and high watermarks', async () => {
      const broker = await harness.open();
      try {
        const topic = harness.unique('lag');
        const group = harness.unique('lag-group');
        await broker.ensureTopic(topic, 2);
        await broker.produce(
          topic,
          Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: String(i) })),
        );
        await consumeUntil(broker, { groupId: group, topics: [topic] }, (r) => r.length >= 20);
        const uncommitted = await broker.groupLag(group, topic);
        assert.deepEqual(
          uncommitted.map((p) => p.committed),
          ['-1', '-1'],
        );
        assert.equal(
          uncommitted.reduce((sum, p) => sum + Number(p.high), 0),
          20,
        );
        await consumeUntil(broker, { groupId: group, topics: [topic], onBatch: commitEach }, (r) => r.length >= 20);
        const committed = await broker.groupLag(group, topic);
        assert.deepEqual(
          committed.map((p) => p.partition),
          [0, 1],
        );
        assert.deepEqual(
          committed.map((p) => p.committed),
          committed.map((p) => p.high),
        );
      } finally {
        await broker.close();
      }
    });

    it('resumes after a restart from the committed offset: no loss, the uncommitted tail again', async () => {
      const topic = harness.unique('restart');
      const group = harness.unique('restart-group');
      const first = await harness.open();
      try {
        await first.ensureTopic(topic, 1);
        await first.produce(
          topic,
          Array.from({ length: 10 }, (_, i) => ({ key: 'same', value: String(i) })),
        );
        const committer: BatchHandler = async (batch, commit) => {
          const sixth = batch.messages.find((m) => m.offset === '5');
          if (sixth) await commit('6');
        };
        await consumeUntil(first, { groupId: group, topics: [topic], onBatch: committer }, (r) => r.length >= 10);
      } finally {
        await first.close();
      }
      const second = await harness.open();
      try {
        await second.produce(topic, [{ key: 'same', value: '10' }]);
        const again = await consumeUntil(second, { groupId: group, topics: [topic] }, (r) => r.length >= 5);
        assert.deepEqual(values(again), ['6', '7', '8', '9', '10']);
        assert.deepEqual(
          again.map((m) => m.offset),
          ['6', '7', '8', '9', '10'],
        );
      } finally {
        await second.close();
      }
    });

    it('consumes two topics in one group', async () => {
      const broker = await harness.open();
      try {
        const [orders, views] = [harness.unique('orders'), harness.unique('views')];
        await broker.ensureTopic(orders, 1);
        await broker.ensureTopic(views, 2);
        await broker.produce(orders, [{ key: 'o1', value: 'order' }]);
        await broker.produce(views, [
          { key: 'u1', value: 'view' },
          { key: 'u2', value: 'view' },
        ]);
        const received = await consumeUntil(broker, { groupId: harness.unique('two-group'), topics: [orders, views] }, (r) => r.length >= 3);
        assert.deepEqual(received.map((m) => `${m.topic === orders ? 'orders' : 'views'}:${m.key}`).sort(), ['orders:o1', 'views:u1', 'views:u2']);
      } finally {
        await broker.close();
      }
    });

    it('delivers a batch again when onBatch fails, without skipping past it', async () => {
      const broker = await harness.open();
      try {
        const topic = harness.unique('retry');
        await broker.ensureTopic(topic, 1);
        await broker.produce(
          topic,
          ['a', 'b', 'c'].map((value) => ({ key: 'k', value })),
        );
        let failed = false;
        const failOnce: BatchHandler = () => {
          if (!failed) {
            failed = true;
            throw new Error('sink unavailable');
          }
        };
        const received = await consumeUntil(broker, { groupId: harness.unique('retry-group'), topics: [topic], onBatch: failOnce }, (r) => r.length >= 3);
        assert.deepEqual(values(received).slice(0, 3), ['a', 'b', 'c']);
      } finally {
        await broker.close();
      }
    });

    it('fails fast with UNKNOWN_TOPIC on a topic never created', { timeout: 20_000 }, async () => {
      const broker = await harness.open();
      try {
        const topic = harness.unique('never-created');
        const unknownTopic = (error: unknown) => error instanceof BrokerError && error.code === 'UNKNOWN_TOPIC' && !error.retriable;
        await assert.rejects(broker.produce(topic, [{ key: 'k', value: 'v' }]), unknownTopic);
        await assert.rejects(broker.consume({ groupId: harness.unique('never-group'), topics: [topic], onBatch: async () => {} }), unknownTopic);
        await assert.rejects(broker.groupLag(harness.unique('never-group'), topic), unknownTopic);
      } finally {
        await broker.close();
      }
    });

    it('rejects a commit that is not a decimal offset', async () => {
      const broker = await harness.open();
      try {
        const topic = harness.unique('bad-commit');
        await broker.ensureTopic(topic, 1);
        await broker.produce(topic, [{ key: null, value: 'x' }]);
        let rejection: unknown;
        await consumeUntil(
          broker,
          {
            groupId: harness.unique('bad-commit-group'),
            topics: [topic],
            onBatch: (_, commit) =>
              commit('next').catch((e) => {
                rejection = e;
              }),
          },
          (r) => r.length >= 1,
        );
        assert.ok(rejection instanceof BrokerError && rejection.code === 'INVALID_OFFSET', String(rejection));
      } finally {
        await broker.close();
      }
    });

    it('shares partitions among the members of a group', async () => {
      const broker = await harness.open();
      const topic = harness.unique('shared');
      const group = harness.unique('shared-group');
      const seenBy = [new Set<number>(), new Set<number>()];
      const members = [];
      try {
        await broker.ensureTopic(topic, 4);
        for (const seen of seenBy) {
          members.push(await broker.consume({ groupId: group, topics: [topic], maxWaitMs: 100, onBatch: async (b) => void seen.add(b.partition) }));
        }
        // Kafka rebalances asynchronously: keep producing until both members got work.
        const deadline = Date.now() + 60_000;
        while (seenBy.some((seen) => seen.size === 0) && Date.now() < deadline) {
          await broker.produce(
            topic,
            Array.from({ length: 8 }, (_, i) => ({ key: `key-${i}`, value: 'x' })),
          );
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        assert.ok(
          seenBy.every((seen) => seen.size > 0),
          'one member got every partition',
        );
      } finally {
        await Promise.all(members.map((m) => m.stop()));
        await broker.close();
      }
    });

    it('round-trips 10,000 messages with per-batch commits', async () => {
      const broker = await harness.open();
      try {
        const topic = harness.unique('bulk');
        const group = harness.unique('bulk-group');
        await broker.ensureTopic(topic, 4);
        for (let start = 0; start < 10_000; start += 500) {
          const messages = Array.from({ length: 500 }, (_, i) => ({ key: `entity-${(start + i) % 997}`, value: JSON.stringify({ n: start + i }) }));
          await broker.produce(topic, messages);
        }
        const received = await consumeUntil(broker, { groupId: group, topics: [topic], onBatch: commitEach }, (r) => r.length >= 10_000);
        const numbers = received.map((m) => (JSON.parse(m.value.toString('utf8')) as { n: number }).n);
        assert.equal(new Set(numbers).size, 10_000);
        for (let partition = 0; partition < 4; partition++) {
          const offsets = received.filter((m) => m.partition === partition).map((m) => Number(m.offset));
          assert.ok(
            offsets.every((offset, i) => offset === i),
            `partition ${partition} is gap-free and ordered`,
          );
        }
        const lag = await broker.groupLag(group, topic);
        assert.equal(
          lag.reduce((sum, p) => sum + Number(p.committed), 0),
          10_000,
        );
        assert.deepEqual(
          lag.map((p) => p.committed),
          lag.map((p) => p.high),
        );
      } finally {
        await broker.close();
      }
    });
  });
}
