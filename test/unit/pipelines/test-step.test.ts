/** testStep: one step of a data product on in-memory records, with no service. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineDataProduct, partitionStart } from '../../../src/sdk/index.ts';
import { PartitionError, testStep } from '../../../src/pipelines/index.ts';
import { principal, shop, statsStep } from './fixtures.ts';

const product = defineDataProduct(shop());
const VIEWS = [
  { itemId: 'i1', at: '2026-11-01T08:00:00Z' },
  { itemId: 'i1', at: '2026-11-01T09:00:00Z' },
  { itemId: 'i2', at: '2026-11-01T23:59:59Z' },
  { itemId: 'i1', at: '2026-10-31T23:00:00Z' },
  { itemId: 'i1', at: '2026-11-02T00:00:00Z' },
];

test('runs the step on the partition’s records and evaluates its checks', async () => {
  const { rows, checks, stats } = await testStep(product, 'stats.daily', { views: VIEWS }, { partition: '2026-11-01' });
  const day = new Date('2026-11-01T00:00:00Z');
  assert.deepEqual(
    rows.sort((a, b) => String(a.itemId).localeCompare(String(b.itemId))),
    [
      { itemId: 'i1', day, views: 2 },
      { itemId: 'i2', day, views: 1 },
    ],
  );
  assert.deepEqual(stats.inputRows, { views: 3 });
  assert.deepEqual(
    checks.map((c) => [c.check.kind, c.passed]),
    [['unique', true]],
  );
});

test('a window reads the partition and the ones before it', async () => {
  const windowed = defineDataProduct(
    shop({
      pipelines: {
        stats: {
          principal,
          partitioning: 'day',
          steps: {
            daily: {
              ...statsStep,
              inputs: { views: { dataset: 'viewed', window: { partitions: 2 } } },
              transform: ({ views }) => statsStep.transform({ views: views!.derive({ at: partitionStart() }) }),
            },
          },
        },
      },
    }),
  );
  const { rows } = await testStep(windowed, 'stats.daily', { views: VIEWS }, { partition: '2026-11-01' });
  // 2026-10-31 and 2026-11-01, each row stamped with the partition's start.
  const day = new Date('2026-11-01T00:00:00Z');
  assert.deepEqual(
    rows.sort((a, b) => String(a.itemId).localeCompare(String(b.itemId))),
    [
      { itemId: 'i1', day, views: 3 },
      { itemId: 'i2', day, views: 1 },
    ],
  );
});

test('a failing check is reported, not thrown', async () => {
  const strict = defineDataProduct(
    shop({ pipelines: { stats: { principal, partitioning: 'day', steps: { daily: { ...statsStep, checks: [{ kind: 'rowCount', min: 5 }] } } } } }),
  );
  const { checks } = await testStep(strict, 'stats.daily', { views: VIEWS }, { partition: '2026-11-01' });
  assert.equal(checks[0]?.passed, false);
  assert.equal(checks[0]?.blocking, true);
  assert.match(checks[0]!.detail, /2 rows; expected 5/);
});

test('refuses an unknown step, a missing input, a bad or absent partition', async () => {
  await assert.rejects(testStep(product, 'stats.weekly', { views: [] }, { partition: '2026-11-01' }), /no step stats.weekly/);
  await assert.rejects(testStep(product, 'stats.daily', {}, { partition: '2026-11-01' }), /no rows for input views/);
  await assert.rejects(testStep(product, 'stats.daily', { views: [] }), PartitionError);
  await assert.rejects(testStep(product, 'stats.daily', { views: [] }, { partition: '2026-13-01' }), /is not a day/);
  await assert.rejects(
    testStep(product, 'stats.daily', { views: [{ itemId: 7, at: '2026-11-01T01:00:00Z' }] }, { partition: '2026-11-01' }),
    /field itemId: 7 is not a ID/,
  );
});
