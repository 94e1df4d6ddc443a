import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokerError, createLocalBroker } from '../../src/sources/index.ts';
import { runBrokerContract } from './broker.contract.ts';

// One directory for the whole suite: reopening it is the restart the contract checks.
const dir = await mkdtemp(join(tmpdir(), 'meshgate-broker-'));
after(() => rm(dir, { recursive: true, force: true }));

let counter = 0;
const unique = (label: string) => `${label}-${++counter}`;
runBrokerContract('local', { open: () => createLocalBroker({ dir }), unique });

describe('local broker files', () => {
  it('drops a record torn by a crash mid-write and keeps appending after the last whole one', async () => {
    const topic = unique('torn');
    const first = await createLocalBroker({ dir });
    await first.ensureTopic(topic, 1);
    await first.produce(topic, [
      { key: 'k', value: 'one' },
      { key: 'k', value: 'two' },
    ]);
    await first.close();
    const log = join(dir, 'topics', topic, '0.log');
    const intact = (await stat(log)).size;
    await appendFile(log, Buffer.from([0, 0, 0, 40, 1, 2, 3, 4, 5])); // a frame header promising 40 bytes, then a crash
    const second = await createLocalBroker({ dir });
    try {
      assert.deepEqual(await second.produce(topic, [{ key: 'k', value: 'three' }]), [{ topic, partition: 0, offset: '2' }]);
      assert.ok((await stat(log)).size > intact);
      const values: string[] = [];
      const consumer = await second.consume({
        groupId: unique('torn-group'),
        topics: [topic],
        onBatch: async (b) => void values.push(...b.messages.map((m) => m.value.toString())),
      });
      for (let i = 0; i < 100 && values.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
      await consumer.stop();
      assert.deepEqual(values, ['one', 'two', 'three']);
    } finally {
      await second.close();
    }
  });

  it('lets one broker at a time own a directory', async () => {
    const owner = await createLocalBroker({ dir });
    try {
      await assert.rejects(createLocalBroker({ dir }), (e) => e instanceof BrokerError && e.code === 'BROKER_LOCKED');
    } finally {
      await owner.close();
    }
    await (await createLocalBroker({ dir })).close();
  });

  it('refuses topic and group names Kafka would refuse', async () => {
    const broker = await createLocalBroker({ dir });
    try {
      const invalid = (e: unknown) => e instanceof BrokerError && e.code === 'INVALID_NAME';
      await assert.rejects(broker.ensureTopic('../escape', 1), invalid);
      await assert.rejects(broker.ensureTopic('valid', 0), invalid);
      await assert.rejects(broker.groupLag('a/b', 'valid'), invalid);
    } finally {
      await broker.close();
    }
  });
});
