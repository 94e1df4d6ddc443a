import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPartitions, closedPartition, partitionRange, partitionStart } from '../../../../src/pipelines/engine/partitions.ts';

describe('pipeline partitions', () => {
  it('reads day and hour partitions and refuses malformed or impossible ones', () => {
    assert.deepEqual(partitionStart('day', '2026-02-28'), new Date('2026-02-28T00:00:00Z'));
    assert.deepEqual(partitionStart('hour', '2026-02-28T23'), new Date('2026-02-28T23:00:00Z'));
    for (const bad of ['2026-02-30', '2026-2-01', '2026-02-01T05', '', 'yesterday']) assert.equal(partitionStart('day', bad), null, bad);
    for (const bad of ['2026-02-01', '2026-02-01T24', '2026-02-01T5', '2026-02-01 05']) assert.equal(partitionStart('hour', bad), null, bad);
    assert.equal(partitionStart('none', '2026-02-01'), null);
  });

  it('checks a run’s partitions: sorted, deduplicated, none for unpartitioned pipelines', () => {
    assert.deepEqual(checkPartitions('day', ['2026-01-02', '2026-01-01', '2026-01-02'], 'partitions'), ['2026-01-01', '2026-01-02']);
    assert.deepEqual(checkPartitions('none', [], 'partitions'), [null]);
    assert.throws(() => checkPartitions('none', ['2026-01-01'], 'partitions'), { code: 'BAD_USER_INPUT', message: /unpartitioned/ });
    assert.throws(() => checkPartitions('hour', ['2026-01-01'], 'partitions'), { code: 'BAD_USER_INPUT', message: /'YYYY-MM-DDTHH' \(UTC\)/ });
  });

  it('expands a range, both ends included, across month and year ends', () => {
    assert.deepEqual(partitionRange('day', '2025-12-30', '2026-01-02'), ['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']);
    assert.deepEqual(partitionRange('hour', '2026-03-01T22', '2026-03-02T01'), ['2026-03-01T22', '2026-03-01T23', '2026-03-02T00', '2026-03-02T01']);
    assert.deepEqual(partitionRange('day', '2026-01-01', '2026-01-01'), ['2026-01-01']);
    assert.equal(partitionRange('day', '2017-01-01', '2027-01-08').length, 3660);
    assert.throws(() => partitionRange('day', '2017-01-01', '2027-01-09'), { code: 'BAD_USER_INPUT', message: /3661 partitions/ });
    assert.throws(() => partitionRange('day', '2026-01-02', '2026-01-01'), {
      code: 'BAD_USER_INPUT',
      extensions: { argument: 'from', code: 'BAD_USER_INPUT' },
    });
    assert.throws(() => partitionRange('none', '2026-01-01', '2026-01-02'), { code: 'BAD_USER_INPUT' });
  });

  it('names the partition that just closed', () => {
    const at = new Date('2026-03-01T00:05:00Z');
    assert.equal(closedPartition('day', at), '2026-02-28');
    assert.equal(closedPartition('hour', at), '2026-02-28T23');
    assert.equal(closedPartition('none', at), null);
  });
});
