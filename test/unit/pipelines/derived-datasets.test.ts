/** A dataset a pipeline step produces has no topic and takes no events (the embedded lake: local broker, PGlite; no service). */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/observability/index.ts';
import { createIngestor, datasetRuntimes, ensureDatasetTopics, liveSchema, streamedDatasets } from '../../../src/lake/index.ts';
import { createPolicySet, subjectCatalog } from '../../../src/policy/index.ts';
import { defineDataProduct } from '../../../src/sdk/index.ts';
import { governedAs } from '../../support/governed.ts';
import { shop } from './fixtures.ts';
import { openEmbeddedLake, type EmbeddedLake } from '../lake/embedded-lake.ts';

let lake: EmbeddedLake;
before(async () => {
  lake = await openEmbeddedLake('meshgate-derived');
});
after(async () => lake.close());

const product = defineDataProduct(shop());
const datasets = datasetRuntimes([product]);

test('only event-fed datasets are streamed and get a topic', async () => {
  assert.deepEqual(
    streamedDatasets(datasets).map((d) => d.qualifiedName),
    ['shop.viewed'],
  );
  assert.equal(datasets.find((d) => d.name === 'dailyViews')?.producedBy, 'stats.daily');
  await ensureDatasetTopics(lake.broker, datasets);
  assert.equal((await lake.broker.groupLag('probe', 'shop.viewed')).length, 3);
  await assert.rejects(lake.broker.groupLag('probe', 'shop.dailyViews'));
});

test('ingestion refuses events for a derived dataset and accepts the others', async () => {
  const ingestor = createIngestor({ datasets, broker: lake.broker, db: lake.db, logger: createLogger({ level: 'silent' }), topicPartitions: 3 });
  const policies = createPolicySet([{ role: 'writer', rules: [{ action: 'create', subject: '*.lake.*' }] }], subjectCatalog([product]));
  const writer = governedAs(policies.forActor({ sub: 'u1', roles: ['writer'], claims: {} }));
  const result = await ingestor.ingest(
    [
      { dataset: 'shop.dailyViews', data: { itemId: 'i1', day: '2026-11-01T00:00:00Z', views: 3 } },
      { dataset: 'shop.viewed', data: { itemId: 'i1', at: '2026-11-01T08:00:00Z' } },
    ],
    writer,
  );
  assert.equal(result.accepted.length, 1, JSON.stringify(result.rejected));
  assert.equal(result.rejected.length, 1);
  assert.equal(result.rejected[0]?.code, 'UNKNOWN_DATASET');
  assert.match(result.rejected[0]!.reason, /derived \(written by pipeline step stats\.daily\); it takes no events/);
});

test('a derived dataset has no live subscription', async () => {
  const { printSchema } = await import('graphql');
  const sdl = printSchema(liveSchema(datasets));
  assert.match(sdl, /ShopViewed|shopViewed|viewed/i);
  assert.doesNotMatch(sdl, /dailyViews/i);
});
