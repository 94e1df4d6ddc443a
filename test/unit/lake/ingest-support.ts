/**
 * Shared ingestion scenarios, run on the embedded parts (local broker, PGlite)
 * by the unit suite and on Kafka + PostgreSQL by the integration suite.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { GovernedContext } from '../../../src/governed/index.ts';
import { createLogger } from '../../../src/observability/index.ts';
import { createPolicySet, subjectCatalog, type RolePolicy } from '../../../src/policy/index.ts';
import { defineDataProduct, type DataProduct } from '../../../src/sdk/index.ts';
import { eventDatasetsOf } from './event-datasets.ts';
import type { ConsumedMessage, EventBroker, PlatformDatabase } from '../../../src/sources/index.ts';
import { datasetRuntimes } from '../../../src/lake/datasets/index.ts';
import { createIngestor, createLakeMetrics, type Ingestor } from '../../../src/lake/ingest/index.ts';
import engagement from '../../../domains/engagement/product.ts';
import { governedAs } from '../../support/governed.ts';

/** The engagement datasets under a fresh domain name, so each run has its own topics. */
export function freshDomain(): DataProduct {
  const name = `it${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  return defineDataProduct({ ...eventDatasetsOf(engagement), name });
}

const ROLES: RolePolicy[] = [
  { role: 'writer', rules: [{ action: 'create', subject: '*.lake.*' }] },
  { role: 'reader', rules: [{ action: 'read', subject: '*.lake.*' }] },
  { role: 'self-writer', rules: [{ action: 'create', subject: '*.lake.*', conditions: { userId: '${user.sub}' } }] },
];

export interface Harness {
  domain: string;
  ingestor: Ingestor;
  metrics: ReturnType<typeof createLakeMetrics>;
  as(role: string, sub?: string): GovernedContext;
}

export function createHarness(product: DataProduct, broker: EventBroker, db: PlatformDatabase, maxEvents = 1000): Harness {
  const policies = createPolicySet(ROLES, subjectCatalog([product]));
  const metrics = createLakeMetrics();
  const ingestor = createIngestor({
    datasets: datasetRuntimes([product]),
    broker,
    db,
    metrics,
    limits: { maxEvents },
    logger: createLogger({ level: 'silent' }),
    topicPartitions: 3,
  });
  return {
    domain: product.name,
    ingestor,
    metrics,
    as: (role, sub = 'u1') => governedAs(policies.forActor({ sub, roles: [role], claims: {} })),
  };
}

export function viewed(domain: string, data: Record<string, unknown> = {}, eventId: string | null = randomUUID()) {
  return {
    dataset: `${domain}.viewed`,
    ...(eventId === null ? {} : { eventId }),
    data: {
      userId: 'u1',
      itemId: 'i1',
      occurredAt: '2025-05-01T12:00:00Z',
      sessionId: 's1',
      device: 'web',
      country: 'DE',
      ...data,
    },
  };
}

/** Reads `topic` from the start with a new group until `ids` were all seen (or the timeout). */
export async function consumeIds(broker: EventBroker, topic: string, ids: ReadonlySet<string>, timeoutMs = 20_000): Promise<ConsumedMessage[]> {
  const seen: ConsumedMessage[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const consumer = await broker.consume({
    groupId: `ingest-test-${randomUUID()}`,
    topics: [topic],
    maxWaitMs: 100,
    onBatch: async (batch) => {
      for (const message of batch.messages) if (ids.has(message.headers.eventId ?? '')) seen.push(message);
      if (new Set(seen.map((m) => m.headers.eventId)).size >= ids.size) done();
    },
  });
  const timer = setTimeout(done, timeoutMs);
  await finished;
  clearTimeout(timer);
  await consumer.stop();
  return seen;
}

async function highWatermarks(broker: EventBroker, topic: string): Promise<string[]> {
  return (await broker.groupLag('ingest-test-probe', topic)).map((p) => p.high);
}

export function ingestScenarios(profile: string, parts: () => { broker: EventBroker; db: PlatformDatabase }): void {
  describe(`ingestion scenarios (${profile})`, () => {
    test('a mixed batch: good events reach the broker at the reported positions, bad ones are rejected with reasons, none lost', async () => {
      const { broker, db } = parts();
      const h = createHarness(freshDomain(), broker, db);
      const d = h.domain;
      const batch = [
        viewed(d),
        viewed(d, { durationMs: 1.5 }),
        viewed(d, { sessionId: undefined }),
        { dataset: `${d}.nope`, data: {} },
        viewed(d, { userId: 'u2' }),
        viewed(d, { colour: 'red' }),
        42,
        viewed(d, { occurredAt: 'yesterday' }),
        { dataset: `${d}.purchased`, eventId: randomUUID(), data: { ...viewed(d).data, price: 9.99 } },
      ];
      const result = await h.ingestor.ingest(batch, h.as('writer'));
      assert.deepEqual(
        result.accepted.map((a) => a.index),
        [0, 4, 8],
      );
      assert.deepEqual(
        result.rejected.map((r) => [r.index, r.code, r.field]),
        [
          [1, 'WRONG_TYPE', 'durationMs'],
          [2, 'MISSING_FIELD', 'sessionId'],
          [3, 'UNKNOWN_DATASET', undefined],
          [5, 'UNKNOWN_FIELD', 'colour'],
          [6, 'INVALID_EVENT', undefined],
          [7, 'WRONG_TYPE', 'occurredAt'],
        ],
      );
      const viewedIds = new Set(result.accepted.filter((a) => a.dataset === `${d}.viewed`).map((a) => a.eventId));
      const messages = await consumeIds(broker, `${d}.viewed`, viewedIds);
      assert.deepEqual(
        messages.map((m) => [m.headers.eventId, m.partition, m.offset]).sort(),
        result.accepted
          .filter((a) => a.dataset === `${d}.viewed`)
          .map((a) => [a.eventId, a.partition, a.offset])
          .sort(),
      );
      const purchased = await consumeIds(broker, `${d}.purchased`, new Set([result.accepted[2]!.eventId]));
      assert.equal(JSON.parse(purchased[0]!.value.toString()).price, 9.99);
      assert.equal(purchased[0]!.key, 'u1', 'keyed by the entity id');
    });

    test('a retried batch is answered from the first delivery: duplicate, same positions, nothing produced again', async () => {
      const { broker, db } = parts();
      const h = createHarness(freshDomain(), broker, db);
      const batch = Array.from({ length: 20 }, (_, i) => viewed(h.domain, { userId: `u${i}` }));
      const first = await h.ingestor.ingest(batch, h.as('writer'));
      assert.equal(first.accepted.length, 20);
      assert.ok(first.accepted.every((a) => !a.duplicate));
      const before = await highWatermarks(broker, `${h.domain}.viewed`);
      const retry = await h.ingestor.ingest(batch, h.as('writer'));
      assert.deepEqual(
        retry.accepted,
        first.accepted.map((a) => ({ ...a, duplicate: true })),
      );
      assert.deepEqual(await highWatermarks(broker, `${h.domain}.viewed`), before);
    });

    test('the same id twice in one batch is produced once; the second copy reports its position', async () => {
      const { broker, db } = parts();
      const h = createHarness(freshDomain(), broker, db);
      const event = viewed(h.domain);
      const result = await h.ingestor.ingest([event, event], h.as('writer'));
      assert.deepEqual(
        result.accepted.map((a) => a.duplicate),
        [false, true],
      );
      assert.equal(result.accepted[0]!.offset, result.accepted[1]!.offset);
      const total = (await highWatermarks(broker, `${h.domain}.viewed`)).reduce((sum, high) => sum + Number(high), 0);
      assert.equal(total, 1);
    });

    test('policy: without create every event is FORBIDDEN; a conditional rule admits only matching events; both audited', async () => {
      const { broker, db } = parts();
      const h = createHarness(freshDomain(), broker, db);
      const reader = h.as('reader');
      const denied = await h.ingestor.ingest([viewed(h.domain), viewed(h.domain)], reader);
      assert.deepEqual(
        denied.rejected.map((r) => r.code),
        ['FORBIDDEN', 'FORBIDDEN'],
      );
      assert.equal(denied.accepted.length, 0);
      assert.deepEqual(
        reader.audit.resources().map((r) => [r.subject, r.action, r.decision, r.rows]),
        [[`${h.domain}.lake.viewed`, 'create', 'deny', 0]],
      );
      const self = h.as('self-writer', 'u7');
      const mixed = await h.ingestor.ingest([viewed(h.domain, { userId: 'u7' }), viewed(h.domain, { userId: 'u8' })], self);
      assert.deepEqual(
        mixed.accepted.map((a) => a.index),
        [0],
      );
      assert.deepEqual(
        mixed.rejected.map((r) => [r.index, r.code]),
        [[1, 'FORBIDDEN']],
      );
      assert.deepEqual(
        self.audit.resources().map((r) => [r.decision, r.rows, r.rule]),
        [['partial', 1, 'self-writer#0']],
      );
      const anonymous = await h.ingestor.ingest([viewed(h.domain)], {});
      assert.equal(anonymous.rejected[0]!.code, 'FORBIDDEN');
    });
  });
}
