/** Row functions between SQL stages, the compiled SQL's parameters, streaming, Parquet output, checks, plan-build errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { count, lit, PlanError, sum, type CheckDescriptor } from '../../../src/sdk/index.ts';
import { compilePlan, executePlan, runPlan, writePlanToParquet } from '../../../src/pipelines/index.ts';
import { input, rowsOf } from './support.ts';

const orders = input('orders', {
  id: 'ID',
  userId: 'ID',
  total: 'Float',
  tags: { type: 'String', list: true },
  email: { type: 'String', classification: ['pii'] },
});
const ORDERS = [
  { id: 'o1', userId: 'u1', total: 10, tags: ['a', 'b'], email: 'x@example.org' },
  { id: 'o2', userId: 'u1', total: 30, tags: ['b'], email: 'x@example.org' },
  { id: 'o3', userId: 'u2', total: 5, tags: [], email: null },
];

test('map and flatMap run in JS between relational stages, and the relational ops continue after them', async () => {
  const tagged = orders
    .filter({ total: { gte: 6 } })
    .flatMap((row) => (row.tags as string[]).map((tag) => ({ userId: row.userId, tag, total: row.total })), {
      fields: { userId: { type: 'ID' }, tag: { type: 'String' }, total: { type: 'Float' } },
    })
    .map((row) => ({ ...row, tag: String(row.tag).toUpperCase() }), { fields: { userId: { type: 'ID' }, tag: { type: 'String' }, total: { type: 'Float' } } })
    .groupBy('tag')
    .aggregate({ n: count(), revenue: sum('total') });
  assert.deepEqual(await rowsOf(tagged, { orders: ORDERS }), [
    { tag: 'A', n: 1, revenue: 10 },
    { tag: 'B', n: 2, revenue: 40 },
  ]);
  const result = await executePlan(tagged.node, { orders: { kind: 'rows', rows: ORDERS } });
  assert.deepEqual(result.stats.inputRows, { orders: 3 });
  assert.deepEqual(result.stats.stages, [
    { rowsIn: 2, rowsOut: 3 },
    { rowsIn: 3, rowsOut: 3 },
  ]);
  assert.equal(result.stats.outputRows, 2);
});

test('reduce runs a JS function per group of rows, groups spanning DuckDB batches intact', async () => {
  const events = input('events', { userId: 'ID', seq: 'Int' });
  const rows = Array.from({ length: 5000 }, (_, i) => ({ userId: `u${i % 3}`, seq: i }));
  const sessions = events.reduce((group) => [{ userId: group[0]!.userId, events: group.length, first: Math.min(...group.map((r) => r.seq as number)) }], {
    groupBy: ['userId'],
    fields: { userId: { type: 'ID' }, events: { type: 'Int' }, first: { type: 'Int' } },
  });
  assert.deepEqual(await rowsOf(sessions, { events: rows }), [
    { userId: 'u0', events: 1667, first: 0 },
    { userId: 'u1', events: 1667, first: 1 },
    { userId: 'u2', events: 1666, first: 2 },
  ]);
  const total = events.reduce((all) => [{ n: all.length }], { fields: { n: { type: 'Int' } } });
  assert.deepEqual(await rowsOf(total, { events: [] }), [{ n: 0 }]);
  assert.throws(() => orders.reduce((g) => g, { groupBy: ['tags'], fields: { id: { type: 'ID' } } }), /cannot group on tags/);
});

test('a row function over many DuckDB batches sees every row', async () => {
  const events = input('events', { seq: 'Int' });
  const doubled = events
    .map((row) => ({ seq: (row.seq as number) * 2 }), { fields: { seq: { type: 'Int' } } })
    .groupBy()
    .aggregate({ total: sum('seq') });
  const rows = Array.from({ length: 10_000 }, (_, i) => ({ seq: i }));
  assert.deepEqual(await rowsOf(doubled, { events: rows }), [{ total: 9_999 * 10_000 }]);
});

test('classification is carried through operations and row functions: pii stays pii', () => {
  const derived = orders.select('id', 'email').map((row) => row, { fields: { id: { type: 'ID' }, email: { type: 'String' } } });
  assert.deepEqual(derived.schema.email?.classification, ['pii']);
  assert.deepEqual(orders.groupBy('email').aggregate({ n: count() }).schema.email?.classification, ['pii']);
});

test('filter values are parameters: the compiled SQL holds no value, the parameters hold it', () => {
  const evil = "x'); DROP TABLE input_orders; --";
  const compiled = compilePlan(orders.filter({ id: { eq: evil }, total: { in: [1, 2] } }).derive({ note: lit(evil) }).node);
  assert.ok(!compiled.result.sql.includes('DROP TABLE'), compiled.result.sql);
  assert.match(compiled.result.sql, /\$1/);
  assert.ok(compiled.result.params.values.includes(evil));
  assert.equal(compiled.result.params.values.length, compiled.result.params.types.length);
});

test('runPlan streams the rows in batches and reports the counts', async () => {
  const rows = Array.from({ length: 5000 }, (_, i) => ({ id: `o${i}`, userId: `u${i % 7}`, total: i, tags: [], email: null }));
  let seen = 0;
  let stats: { outputRows: number } | undefined;
  for await (const batch of runPlan(orders.filter({ total: { lt: 4000 } }).node, { orders: { kind: 'rows', rows } }, { onStats: (s) => (stats = s) })) {
    assert.ok(batch.rows.length > 0 && batch.rows.length <= 2048);
    seen += batch.rows.length;
  }
  assert.equal(seen, 4000);
  assert.equal(stats?.outputRows, 4000);
});

test('a row function sees every row, past the first of DuckDB’s 2048-row chunks, and the SQL after it reads them all', async () => {
  const rows = Array.from({ length: 5000 }, (_, i) => ({ id: `o${i}`, userId: `u${i % 7}`, total: i, tags: [], email: null }));
  const doubled = orders.map((row) => ({ id: row.id, total: (row.total as number) * 2 }), { fields: { id: { type: 'ID' }, total: { type: 'Float' } } });
  const result = await executePlan(
    doubled.groupBy().aggregate({ n: count(), total: sum('total') }).node,
    { orders: { kind: 'rows', rows } },
    { returnRows: true },
  );
  assert.deepEqual(result.stats.stages, [{ rowsIn: 5000, rowsOut: 5000 }]);
  assert.deepEqual(result.rows, [{ n: 5000, total: 4999 * 5000 }]);
});

test('writePlanToParquet writes a ZSTD Parquet file DuckDB reads back; Parquet inputs bind too', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'meshgate-processing-'));
  try {
    const path = join(dir, 'out.parquet');
    const written = await writePlanToParquet(orders.node, { orders: { kind: 'rows', rows: ORDERS } }, path);
    assert.equal(written.rows, 3);
    assert.ok(written.bytes > 0);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const codec = await connection.runAndReadAll(`SELECT DISTINCT compression FROM parquet_metadata('${path}')`);
    assert.deepEqual(codec.getRowObjectsJS(), [{ compression: 'ZSTD' }]);
    connection.closeSync();
    instance.closeSync();
    const totals = orders.groupBy('userId').aggregate({ revenue: sum('total') });
    const result = await executePlan(totals.node, { orders: { kind: 'parquet', paths: [path, path] } }, { returnRows: true });
    assert.deepEqual(
      result.rows?.sort((a, b) => String(a.userId).localeCompare(String(b.userId))),
      [
        { userId: 'u1', revenue: 80 },
        { userId: 'u2', revenue: 10 },
      ],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('checks pass and fail with a detail, blocking by default', async () => {
  const checks: CheckDescriptor[] = [
    { kind: 'rowCount', min: 1, max: 3 },
    { kind: 'rowCount', min: 4, blocking: false },
    { kind: 'notNull', fields: ['id', 'userId'] },
    { kind: 'notNull', fields: ['email'] },
    { kind: 'unique', fields: ['id'] },
    { kind: 'unique', fields: ['userId'] },
    { kind: 'acceptedValues', field: 'userId', values: ['u1', 'u2'] },
    { kind: 'acceptedValues', field: 'userId', values: ['u1'] },
    { kind: 'notNull', fields: ['missing'] },
  ];
  const result = await executePlan(orders.node, { orders: { kind: 'rows', rows: ORDERS } }, { checks });
  assert.deepEqual(
    result.checks.map((c) => [c.passed, c.blocking]),
    [
      [true, true],
      [false, false],
      [true, true],
      [false, true],
      [true, true],
      [false, true],
      [true, true],
      [false, true],
      [false, true],
    ],
  );
  assert.match(result.checks[3]!.detail, /1 null/);
  assert.match(result.checks[5]!.detail, /1 key/);
  assert.match(result.checks[8]!.detail, /no field missing/);
});

test('freshness is measured against the reference time', async () => {
  const events = input('events', { at: 'DateTime' });
  const rows = [{ at: '2026-11-01T10:00:00Z' }, { at: '2026-11-01T20:00:00Z' }];
  const run = async (reference: string) =>
    (
      await executePlan(
        events.node,
        { events: { kind: 'rows', rows } },
        { checks: [{ kind: 'freshness', field: 'at', maxAgeHours: 6 }], reference: new Date(reference) },
      )
    ).checks[0]!;
  assert.equal((await run('2026-11-02T00:00:00Z')).passed, true);
  assert.equal((await run('2026-11-02T03:00:00Z')).passed, false);
});

test('unknown fields and type errors throw a PlanError naming the field when the plan is built', () => {
  const fails = (build: () => unknown, field: string, pattern: RegExp) =>
    assert.throws(build, (error: unknown) => error instanceof PlanError && error.field === field && pattern.test(error.message));
  fails(() => orders.select('nope'), 'nope', /unknown field nope/);
  fails(() => orders.filter({ nope: { eq: 1 } }), 'nope', /unknown field nope/);
  fails(() => orders.filter({ total: { contains: 'x' } }), 'total', /contains does not apply/);
  fails(() => orders.filter({ total: { eq: 'ten' } }), 'total', /total\.eq takes Float values, got "ten"/);
  fails(() => orders.filter({ id: { in: 'o1' as unknown as string[] } }), 'id', /id\.in takes a list of ID values/);
  fails(() => orders.filter({ id: { eq: null as unknown as string } }), 'id', /got null/);
  fails(() => orders.groupBy('userId').aggregate({ s: sum('email') }), 'email', /sum needs Int, Float; email is String/);
  fails(() => orders.derive({ x: lit(1) }).join(orders, { on: { userId: 'userId' } }), 'id', /both sides have a field id/);
  fails(() => orders.join(input('u', { id: 'Int' }), { on: { userId: 'id' } }), 'userId', /cannot match userId \(ID\) with id \(Int\)/);
  fails(() => orders.window({ orderBy: ['tags'], columns: {} }), 'tags', /cannot sort on tags/);
  assert.throws(() => orders.window({ partitionBy: ['userId'], columns: {} }), /orderBy needs at least one field/);
});
