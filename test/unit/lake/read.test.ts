import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { duckWhere, keysetAfter } from '../../../src/lake/read/index.ts';
import type { DataProduct } from '../../../src/sdk/index.ts';
import { openEmbeddedLake, type EmbeddedLake } from './embedded-lake.ts';
import { freshEngagement, produceRecords, sinkUntilCaughtUp, viewedRecord } from './sink-support.ts';
import { assertPolicyRowsAndFields, contextAs, lakeSchema, policiesFor, run } from './read-support.ts';

let lake: EmbeddedLake;
let product: DataProduct;
let schema: GraphQLSchema;
let policies: ReturnType<typeof policiesFor>;
const TOTAL = 400;

before(async () => {
  lake = await openEmbeddedLake('read-test');
  const fresh = freshEngagement();
  product = fresh.product;
  // One event every 10 minutes from 2025-03-01: 400 events over ~2.8 days.
  await produceRecords(
    lake.broker,
    fresh.viewed,
    Array.from({ length: TOTAL }, (_, i) => viewedRecord(i, Date.parse('2025-03-01T00:00:00Z'), 600_000)),
  );
  await sinkUntilCaughtUp(lake, fresh.runtimes, fresh.viewed.topic, { maxRows: 64, maxAgeMs: 100 });
  schema = lakeSchema(product, lake.store, lake.db, join(lake.dir, 'cache'));
  policies = policiesFor(product);
});

after(() => lake.close());

const q = (body: string) => `{ ${product.name} { lake { viewed { ${body} } } } }`;

describe('lake reads on s3rver and PGlite', () => {
  test('a policy row condition returns only permitted rows; a denied field is null with FORBIDDEN', async () => {
    await assertPolicyRowsAndFields(schema, product, policies, TOTAL / 4);
  });

  test('pages with cursors walk every permitted row once, in order', async () => {
    const context = contextAs(policies, 'admin');
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const result = await run(
        schema,
        q(
          `records(first: 70, after: $after, orderBy: [{ field: userId, direction: DESC }]) { nodes { eventId userId } pageInfo { hasNextPage endCursor } }`,
        ).replace('{ ', 'query($after: String) { '),
        context,
        { after },
      );
      assert.equal(result.errors, undefined);
      const page = result.data[product.name].lake.viewed.records;
      seen.push(...page.nodes.map((n: { eventId: string; userId: string }) => `${n.userId}|${n.eventId}`));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    assert.equal(seen.length, TOTAL);
    assert.equal(new Set(seen).size, TOTAL);
    const expected = [...seen].sort((a, b) => {
      const [ua, ea] = a.split('|');
      const [ub, eb] = b.split('|');
      return ua === ub ? (ea! < eb! ? -1 : 1) : ua! < ub! ? 1 : -1;
    });
    assert.deepEqual(seen, expected);
  });

  test('where, from and to are pushed down; a quote in a value is data, not SQL', async () => {
    const context = contextAs(policies, 'admin');
    const range = await run(
      schema,
      q(
        `records(first: 500, from: "2025-03-02T00:00:00Z", to: "2025-03-02T12:00:00Z", where: { device: { in: ["web", "tv"] } }) { nodes { occurredAt device } }`,
      ),
      context,
    );
    const nodes = range.data[product.name].lake.viewed.records.nodes as Array<{ occurredAt: Date; device: string }>;
    assert.equal(nodes.length, 36);
    assert.ok(nodes.every((n) => ['web', 'tv'].includes(n.device)));
    const injection = await run(schema, q(`records(where: { device: { eq: "web' OR 1=1 --" } }) { nodes { eventId } }`), context);
    assert.deepEqual(injection.data[product.name].lake.viewed.records.nodes, []);
    const sql = duckWhere(
      { name: 'x', key: 'eventId', fields: [{ name: 'device', column: 'device', type: 'String', nullable: true }] },
      { op: 'and', filters: [{ op: 'eq', field: 'device', value: "a'); DROP TABLE t; --" }, keysetAfter([{ field: 'device', direction: 'asc' }], ['b'])] },
    );
    assert.ok(!sql.sql.includes('DROP'));
    assert.deepEqual(sql.values, ["a'); DROP TABLE t; --", 'b']);
  });

  test('filtering on a field the actor may not read is FORBIDDEN, not a side channel', async () => {
    const result = await run(schema, q(`records(where: { ip: { eq: "10.0.1.1" } }) { nodes { eventId } }`), contextAs(policies, 'local', { country: 'DE' }));
    assert.equal(result.errors?.[0]?.extensions.code, 'FORBIDDEN');
  });

  test('partitions prune by time; downloadUrl needs access to every field and row', async () => {
    const admin = contextAs(policies, 'admin');
    const result = await run(schema, q(`partitions(from: "2025-03-02T00:00:00Z", to: "2025-03-03T00:00:00Z") { dt path files rows objectKeys }`), admin);
    const parts = result.data[product.name].lake.viewed.partitions;
    assert.deepEqual(
      parts.map((p: { dt: string }) => p.dt),
      ['2025-03-02'],
    );
    assert.equal(parts[0].rows, 144);
    const key = parts[0].objectKeys[0];
    const url = await run(schema, q(`downloadUrl(partition: "${key}")`), admin);
    const response = await fetch(url.data[product.name].lake.viewed.downloadUrl);
    assert.equal(response.status, 200);
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), await lake.store.get(key));
    assert.ok(admin.audit.resources().some((r) => r.fields.includes('downloadUrl') && r.decision === 'allow'));
    const local = contextAs(policies, 'local', { country: 'DE' });
    const denied = await run(schema, q(`downloadUrl(partition: "${key}")`), local);
    assert.equal(denied.errors?.[0]?.extensions.code, 'FORBIDDEN');
    assert.ok(local.audit.resources().some((r) => r.fields.includes('downloadUrl') && r.decision === 'deny'));
    const missing = await run(schema, q(`downloadUrl(partition: "other/x.parquet")`), admin);
    assert.equal(missing.errors?.[0]?.extensions.code, 'NOT_FOUND');
  });

  test('no access context fails closed; an actor without rules sees no rows', async () => {
    const none = await run(schema, q(`records { nodes { eventId } }`), {});
    assert.equal(none.errors?.[0]?.extensions.code, 'FORBIDDEN');
    const stranger = await run(schema, q(`records { nodes { eventId } }`), contextAs(policies, 'nobody'));
    assert.deepEqual(stranger.data[product.name].lake.viewed.records.nodes, []);
  });
});
