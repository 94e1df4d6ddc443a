/**
 * The access log against a real PostgreSQL (MESHGATE_TEST_DATABASE_URL; a database of its own per
 * run, created and dropped here). Two AuditLog instances on separate pools stand for two gateways.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { AuditWriteError, createAuditLog, runAuditVerify } from '../../../src/audit/index.ts';
import type { AuditLog } from '../../../src/audit/index.ts';
import { createPostgresPlatformDatabase } from '../../../src/sources/index.ts';
import type { PlatformDatabase } from '../../../src/sources/index.ts';
import { createTestDatabase, type TestDatabase } from '../../support/postgres-database.ts';
import { sampleInput } from '../../unit/audit/fixtures.ts';

const CLOSED_PORT_URL = 'postgres://meshgate:meshgate@127.0.0.1:1/meshgate';
let database: TestDatabase;
let databaseUrl: string;
const opened: PlatformDatabase[] = [];

function openDatabase(url = databaseUrl): PlatformDatabase {
  const db = createPostgresPlatformDatabase(url);
  opened.push(db);
  return db;
}

before(async () => {
  database = await createTestDatabase('mg_audit');
  databaseUrl = database.url;
});

after(async () => {
  await Promise.allSettled(opened.map((db) => db.close()));
  await database?.drop();
});

async function verifyCommand(db: PlatformDatabase): Promise<{ code: number; text: string }> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => (text += chunk));
  const code = await runAuditVerify(db, out);
  return { code, text };
}

test('1,200 concurrent appends from two gateways give exactly 1,200 gapless records that verify', async () => {
  const N = 1200;
  const gateways = await Promise.all([createAuditLog({ db: openDatabase() }), createAuditLog({ db: openDatabase() })]);
  await Promise.all(Array.from({ length: N }, (_, i) => gateways[i % 2].append(sampleInput(i))));
  const [row] = await openDatabase().query(
    'SELECT count(*)::int AS n, min(seq)::int AS lo, max(seq)::int AS hi, count(DISTINCT request_id)::int AS ids FROM meshgate_access_log',
  );
  assert.deepEqual(row, { n: N, lo: 1, hi: N, ids: N });
  assert.equal(gateways[0].stats().appended + gateways[1].stats().appended, N);
  const verified = await verifyCommand(openDatabase());
  assert.equal(verified.code, 0, verified.text);
  assert.match(verified.text, new RegExp(`OK: ${N} records verified`));
  await Promise.all(gateways.map((log) => log.close()));
});

/** Empties the log and appends `n` records through a fresh AuditLog. */
async function freshLog(db: PlatformDatabase, n: number): Promise<void> {
  await db.query('TRUNCATE meshgate_access_log');
  await db.query(`UPDATE meshgate_access_log_head SET seq = 0, hash = repeat('0', 64)`);
  const log = await createAuditLog({ db });
  await Promise.all(Array.from({ length: n }, (_, i) => log.append(sampleInput(i))));
  await log.close();
  assert.equal((await verifyCommand(db)).code, 0);
}

async function expectFinding(db: PlatformDatabase, pattern: RegExp): Promise<void> {
  const result = await verifyCommand(db);
  assert.equal(result.code, 1, result.text);
  assert.match(result.text, pattern);
}

test('verify names an edited record', async () => {
  const db = openDatabase();
  await freshLog(db, 100);
  await db.query('UPDATE meshgate_access_log SET duration_ms = duration_ms + 1 WHERE seq = 50');
  await expectFinding(db, /\(edited\) at seq 50: record seq 50 \(request req-\d+, \d{4}-\d\d-\d\dT/);
  await db.query('UPDATE meshgate_access_log SET duration_ms = duration_ms - 1 WHERE seq = 50');
  assert.equal((await verifyCommand(db)).code, 0, 'undoing the edit restores the chain');
});

test('verify names the record after a deleted one', async () => {
  const db = openDatabase();
  await freshLog(db, 100);
  await db.query('DELETE FROM meshgate_access_log WHERE seq = 70');
  await expectFinding(db, /\(deleted\) at seq 71: seq 70 is missing before record seq 71/);
});

test('verify names the first of two swapped records (seq kept)', async () => {
  const db = openDatabase();
  await freshLog(db, 50);
  await db.query(`UPDATE meshgate_access_log x SET time = y.time, request_id = y.request_id, actor = y.actor, variables = y.variables,
      resources = y.resources, duration_ms = y.duration_ms, document_hash = y.document_hash, operation_name = y.operation_name,
      prev_hash = y.prev_hash, hash = y.hash
    FROM meshgate_access_log y WHERE (x.seq = 20 AND y.seq = 30) OR (x.seq = 30 AND y.seq = 20)`);
  await expectFinding(db, /\(reordered\) at seq 20: record seq 20 /);
});

test('verify names a record deleted from the tail', async () => {
  const db = openDatabase();
  await freshLog(db, 10);
  await db.query('DELETE FROM meshgate_access_log WHERE seq = 10');
  await expectFinding(db, /\(deleted\) at seq 10: seq 10 is missing at the end of the log/);
});

test('strict: an unreachable database rejects with AuditWriteError, at start and on append', async () => {
  await assert.rejects(createAuditLog({ db: openDatabase(CLOSED_PORT_URL) }), AuditWriteError);
  const db = createPostgresPlatformDatabase(databaseUrl);
  const log = await createAuditLog({ db });
  await log.append(sampleInput(1));
  await db.close(); // the pool is gone: every write from now on fails
  await assert.rejects(log.append(sampleInput(2)), (error: unknown) => error instanceof AuditWriteError && error.code === 'AUDIT_UNAVAILABLE');
  assert.equal(log.stats().failed, 1);
});

test('best-effort: an unreachable database neither blocks nor fails requests; failures are counted', async () => {
  const log = await createAuditLog({ db: openDatabase(CLOSED_PORT_URL), mode: 'best-effort' });
  await Promise.all(Array.from({ length: 5 }, (_, i) => log.append(sampleInput(i))));
  await log.flush();
  assert.deepEqual(log.stats(), { appended: 0, failed: 5, batches: 0, pending: 0 });
});

test('batching: 10,000 appends, group commit versus one transaction per record', async (t) => {
  const rate = async (log: AuditLog) => {
    const started = performance.now();
    await Promise.all(Array.from({ length: 10_000 }, (_, i) => log.append(sampleInput(i))));
    return 10_000 / ((performance.now() - started) / 1000);
  };
  const batched = await rate(await createAuditLog({ db: openDatabase() }));
  const single = await rate(await createAuditLog({ db: openDatabase(), maxBatch: 1 }));
  const ratio = batched / single;
  t.diagnostic(`appends/s: batched ${batched.toFixed(0)}, maxBatch 1 ${single.toFixed(0)}, ratio ${ratio.toFixed(1)}x`);
  console.log(`# audit batching: ${batched.toFixed(0)} appends/s batched vs ${single.toFixed(0)} with maxBatch 1 (${ratio.toFixed(1)}x)`);
  assert.ok(ratio > 3, `group commit should be several times faster, got ${ratio.toFixed(2)}x`);
  assert.equal((await openDatabase().query<{ n: number }>('SELECT count(*)::int AS n FROM meshgate_access_log'))[0].n >= 20_000, true);
});
