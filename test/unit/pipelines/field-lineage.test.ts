/**
 * Field lineage read off a step's plan: which input fields each output field
 * is derived from (the demo item statistics: revenue from the purchases'
 * price only, users from every dataset's userId, counters from no field).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compiledPipelines, stepFieldLineage } from '../../../src/pipelines/index.ts';
import catalog from '../../../domains/catalog/product.ts';
import commerce from '../../../domains/commerce/product.ts';
import engagement from '../../../domains/engagement/product.ts';
import identity from '../../../domains/identity/product.ts';

const pipelines = compiledPipelines([identity, catalog, commerce, engagement]);
const step = (pipeline: string, name: string) => {
  const found = pipelines.find((p) => p.id === pipeline)?.steps[name];
  assert.ok(found, `${pipeline}.${name}`);
  return found;
};

test('the daily item statistics: revenue comes from the price, users from each userId, counters from no field', () => {
  const daily = step('engagement.itemStats', 'daily');
  const assets = Object.fromEntries(Object.keys(daily.inputs).map((name) => [name, `engagement.lake.${name}`]));
  const lineage = new Map(stepFieldLineage(daily.plan, assets).map((l) => [l.field, l.from]));
  assert.deepEqual(lineage.get('revenue'), ['engagement.lake.purchased.price']);
  assert.deepEqual(
    lineage.get('users'),
    ['listened', 'purchased', 'read', 'viewed'].map((d) => `engagement.lake.${d}.userId`),
  );
  assert.deepEqual(lineage.get('views'), []);
  assert.deepEqual(
    lineage.get('day'),
    ['listened', 'purchased', 'read', 'viewed'].map((d) => `engagement.lake.${d}.occurredAt`),
  );
});

test('a snapshot renames: userId comes from the entity key, the snapshot day from no field (the partition)', () => {
  const snapshot = step('identity.usersSnapshot', 'snapshot');
  const lineage = new Map(stepFieldLineage(snapshot.plan, { users: 'identity.User' }).map((l) => [l.field, l.from]));
  assert.deepEqual(lineage.get('userId'), ['identity.User.id']);
  assert.deepEqual(lineage.get('country'), ['identity.User.country']);
  assert.deepEqual(lineage.get('snapshotDay'), []);
});
