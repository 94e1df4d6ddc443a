/**
 * Both broker adapters place a key where Kafka's Java client and kafkajs's
 * DefaultPartitioner would: the local log and Kafka agree on partitions.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Partitioners } from 'kafkajs';
import { partitionForKey } from '../../src/sources/index.ts';

it('partitions keys exactly like kafkajs’s DefaultPartitioner', () => {
  const kafkajs = Partitioners.DefaultPartitioner();
  const keys = ['', 'a', 'ab', 'abc', 'abcd', 'order-42', 'ünïcødé-🙂', ...Array.from({ length: 500 }, (_, i) => `entity-${i * 7919}`)];
  for (const partitions of [1, 3, 4, 12, 100]) {
    const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
    }));
    for (const key of keys) {
      const expected = kafkajs({ topic: 't', partitionMetadata, message: { key, value: null } });
      assert.equal(partitionForKey(key, partitions), expected, `${JSON.stringify(key)} over ${partitions}`);
    }
  }
});
