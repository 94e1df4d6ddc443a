/**
 * The lake retention scenario, shared by the unit suite (local broker,
 * s3rver, PGlite) and the integration suite (PostgreSQL, versitygw): events
 * landed by the real sink over ~2.8 days, a cutoff in the middle of the
 * second day, and ingestion claims of two ages.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { listCompleteFiles, type LakeFile } from '../../../src/lake/catalog/index.ts';
import { createRetentionMetrics, LAKE_REMOVALS_TABLE, runLakeRetention } from '../../../src/lake/retention/index.ts';
import { INGESTED_EVENTS_TABLE } from '../../../src/lake/ingest/index.ts';
import { createLogger } from '../../../src/observability/index.ts';
import type { DataProduct } from '../../../src/sdk/index.ts';
import type { EventBroker, ObjectStore, PlatformDatabase } from '../../../src/sources/index.ts';
import { createHarness, viewed } from './ingest-support.ts';
import { contextAs, lakeSchema, policiesFor, run } from './read-support.ts';
import { freshEngagement, produceRecords, sinkUntilCaughtUp, viewedRecord } from './sink-support.ts';

const DAY_MS = 86_400_000;
const TOTAL = 400;
/** Events every 10 minutes from 2025-03-01; engagement keeps 365 days, so `now` puts the cutoff at 2025-03-02T12:00Z. */
const CUTOFF = new Date('2025-03-02T12:00:00Z');
const NOW = new Date(CUTOFF.getTime() + 365 * DAY_MS);

export interface RetentionParts {
  broker: EventBroker;
  store: ObjectStore;
  db: PlatformDatabase;
  dir: string;
}

export async function retentionScenario(parts: RetentionParts): Promise<void> {
  const { broker, store, db } = parts;
  const fresh = freshEngagement();
  const domain = fresh.product.name;
  await produceRecords(
    broker,
    fresh.viewed,
    Array.from({ length: TOTAL }, (_, i) => viewedRecord(i, Date.parse('2025-03-01T00:00:00Z'), 600_000)),
  );
  await sinkUntilCaughtUp(parts, fresh.runtimes, fresh.viewed.topic, { maxRows: 64, maxAgeMs: 100 }, 120_000);

  const before = await listCompleteFiles(db, domain, 'viewed');
  const old = before.filter((f) => f.maxTime!.getTime() < CUTOFF.getTime());
  const spanning = before.filter((f) => f.minTime!.getTime() < CUTOFF.getTime() && f.maxTime!.getTime() >= CUTOFF.getTime());
  assert.ok(old.length > 0, 'some files are wholly older than the cutoff');
  assert.ok(spanning.length > 0, 'a file spans the cutoff (older and younger rows)');

  const oldClaims = await ingestClaims(parts, fresh.product);
  const options = { db, store, datasets: fresh.runtimes, logger: createLogger({ level: 'silent' }), dedupDays: 7, now: NOW, fileBatch: 3 };

  const dry = await runLakeRetention({ ...options, dryRun: true });
  const dryViewed = dry.datasets.find((d) => d.dataset === `${domain}.viewed`)!;
  assert.equal(dryViewed.files, old.length);
  assert.equal(dryViewed.rows, sum(old, 'rows'));
  assert.ok(dry.claimsExpired >= oldClaims.length);
  assert.equal((await listCompleteFiles(db, domain, 'viewed')).length, before.length, 'a dry run removes no catalog row');
  assert.equal((await objectKeys(store, domain)).length, before.length, 'a dry run removes no object');

  const registry = new Registry();
  const metrics = createRetentionMetrics(registry);
  const report = await runLakeRetention({ ...options, metrics });
  assert.equal(report.datasets.find((d) => d.dataset === `${domain}.viewed`)!.files, old.length);

  const after = await listCompleteFiles(db, domain, 'viewed');
  const kept = before.filter((f) => !old.includes(f));
  assert.deepEqual(after.map((f) => f.objectKey).sort(), kept.map((f) => f.objectKey).sort(), 'the catalog keeps exactly the younger and spanning files');
  assert.deepEqual((await objectKeys(store, domain)).sort(), kept.map((f) => f.objectKey).sort(), 'the store keeps exactly the same objects');
  for (const f of spanning)
    assert.ok(
      after.some((a) => a.objectKey === f.objectKey),
      `spanning file ${f.objectKey} kept`,
    );

  await assertReadsRetainedRows(parts, fresh.product, sum(kept, 'rows'));
  await assertRemovalsRecorded(db, domain, old);
  assert.equal(await metricValue(registry, 'meshgate_lake_retention_files_removed_total'), old.length);
  assert.equal(await metricValue(registry, 'meshgate_lake_retention_rows_removed_total'), sum(old, 'rows'));
  await assertClaimsExpired(parts, fresh.product, oldClaims);

  const again = await runLakeRetention({ ...options, dryRun: true });
  assert.equal(again.datasets.find((d) => d.dataset === `${domain}.viewed`)!.files, 0, 'nothing is left to remove');
}

/** Three claims aged 30 days and two fresh ones, through the real ingestor; returns the old ids. */
async function ingestClaims(parts: RetentionParts, product: DataProduct): Promise<string[]> {
  const domain = product.name;
  const harness = createHarness(product, parts.broker, parts.db);
  const ids = ['old-1', 'old-2', 'old-3', 'fresh-1', 'fresh-2'];
  const result = await harness.ingestor.ingest(
    ids.map((id) => viewed(domain, {}, id)),
    harness.as('writer'),
  );
  assert.equal(result.accepted.length, ids.length);
  const oldIds = ids.filter((id) => id.startsWith('old'));
  await parts.db.query(`UPDATE ${INGESTED_EVENTS_TABLE} SET claimed_at = $1 WHERE dataset = $2 AND event_id = ANY($3::text[])`, [
    new Date(NOW.getTime() - 30 * DAY_MS),
    `${domain}.viewed`,
    oldIds,
  ]);
  await parts.db.query(`UPDATE ${INGESTED_EVENTS_TABLE} SET claimed_at = $1 WHERE dataset = $2 AND NOT event_id = ANY($3::text[])`, [
    new Date(NOW.getTime() - DAY_MS),
    `${domain}.viewed`,
    oldIds,
  ]);
  return oldIds;
}

/** Old claims are gone (a resend is a new event); fresh ones still deduplicate. */
async function assertClaimsExpired(parts: RetentionParts, product: DataProduct, oldIds: string[]): Promise<void> {
  const domain = product.name;
  const left = await parts.db.query<{ event_id: string }>(`SELECT event_id FROM ${INGESTED_EVENTS_TABLE} WHERE dataset = $1 ORDER BY event_id`, [
    `${domain}.viewed`,
  ]);
  assert.deepEqual(
    left.map((r) => r.event_id),
    ['fresh-1', 'fresh-2'],
  );
  const harness = createHarness(product, parts.broker, parts.db);
  const resent = await harness.ingestor.ingest([viewed(domain, {}, oldIds[0]!), viewed(domain, {}, 'fresh-1')], harness.as('writer'));
  assert.equal(resent.accepted.length, 2);
  const duplicates = await metricValue(harness.metrics.registry, 'meshgate_events_duplicate_total');
  assert.equal(duplicates, 1, 'only the fresh claim deduplicated the resend');
}

async function assertReadsRetainedRows(parts: RetentionParts, product: DataProduct, rows: number): Promise<void> {
  const schema = lakeSchema(product, parts.store, parts.db, join(parts.dir, `cache-${product.name}`));
  const result = await run(
    schema,
    `{ ${product.name} { lake { viewed { records(first: 500) { nodes { eventId occurredAt } } } } } }`,
    contextAs(policiesFor(product), 'admin'),
  );
  assert.equal(result.errors, undefined);
  const nodes = result.data[product.name].lake.viewed.records.nodes as Array<{ occurredAt: string }>;
  assert.equal(nodes.length, rows, 'reads return only the rows of retained files');
  assert.ok(nodes.length < TOTAL);
}

async function assertRemovalsRecorded(db: PlatformDatabase, domain: string, old: LakeFile[]): Promise<void> {
  const removals = await db.query<{ object_key: string; rows: number; reason: string; dataset: string }>(
    `SELECT object_key, rows, reason, dataset FROM ${LAKE_REMOVALS_TABLE} WHERE domain = $1 ORDER BY object_key`,
    [domain],
  );
  assert.deepEqual(
    removals.map((r) => r.object_key),
    old.map((f) => f.objectKey).sort(),
  );
  assert.ok(removals.every((r) => r.reason === 'retention' && r.dataset === 'viewed'));
  assert.equal(
    removals.reduce((n, r) => n + Number(r.rows), 0),
    sum(old, 'rows'),
  );
}

async function objectKeys(store: ObjectStore, domain: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of store.list(`${domain}/viewed/`)) keys.push(object.key);
  return keys;
}

async function metricValue(registry: Registry, name: string): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  return (metric?.values ?? []).reduce((n, v) => n + v.value, 0);
}

const sum = (files: LakeFile[], field: 'rows' | 'bytes') => files.reduce((n, f) => n + f[field], 0);
