/**
 * The demo event history goes through the real ingestion path (local broker,
 * PGlite claims): every planned event is accepted once, a re-seed is all
 * duplicates, and `needsEventHistory` says whether a first start must seed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { needsEventHistory, seedEventHistory } from '../../../src/lake/ingest/index.ts';
import { openEmbeddedLake, type EmbeddedLake } from './embedded-lake.ts';
import { createHarness, freshDomain, type Harness } from './ingest-support.ts';

let lake: EmbeddedLake;
let harness: Harness;
const product = freshDomain();
const history = { scale: 0.05, until: new Date('2026-11-01T00:00:00Z'), days: 3 };

before(async () => {
  lake = await openEmbeddedLake('seed-history');
  harness = createHarness(product, lake.broker, lake.db);
});
after(async () => lake.close());

test('a first start needs the history; the history sends every planned event once, in the history window', async () => {
  assert.equal(await needsEventHistory([product], lake.db), true);
  const planned = product.seed?.plannedEvents?.(history) ?? {};
  const sentAt: string[] = [];
  const outcome = await seedEventHistory([product], {
    ...history,
    ingestor: harness.ingestor,
    context: harness.as('writer'),
    progress: { start: () => {}, advance: () => {}, stop: () => {} },
  });
  for (const [dataset, count] of Object.entries(planned)) {
    assert.deepEqual(outcome[`${product.name}.${dataset}`], { accepted: count, duplicates: 0 }, dataset);
  }
  for (const batch of product.seed?.events?.(history) ?? []) for (const e of batch.events) sentAt.push(String(e.data.occurredAt));
  assert.ok(
    sentAt.every((t) => t >= '2026-10-29T00:00:00.000Z' && t < '2026-11-01T00:00:00.000Z'),
    'events fall in the 3 days before until',
  );
  assert.equal(await needsEventHistory([product], lake.db), false);
});

test('a re-seed is deduplicated by ingestion: nothing is sent twice', async () => {
  const outcome = await seedEventHistory([product], { ...history, ingestor: harness.ingestor, context: harness.as('writer') });
  for (const tally of Object.values(outcome)) assert.equal(tally.accepted, 0);
  assert.ok(Object.values(outcome).every((t) => t.duplicates > 0));
});

test('events the seed principal may not create fail the seed loudly, naming the event', async () => {
  const other = freshDomain();
  const refused = createHarness(other, lake.broker, lake.db);
  await assert.rejects(
    seedEventHistory([other], { ...history, ingestor: refused.ingestor, context: refused.as('reader') }),
    /seed event .* was rejected: FORBIDDEN/,
  );
});
