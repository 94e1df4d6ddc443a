/** Group commit, strict versus best-effort failure handling, and the verify command, over PGlite. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { AuditWriteError, createAuditLog, runAuditVerify } from '../../../src/audit/index.ts';
import { embeddedDatabase, sampleInput } from './fixtures.ts';
import type { PlatformDatabase } from '../../../src/sources/index.ts';

/** One embedded database for the tests that leave it open; each starts from empty tables. */
const shared = embeddedDatabase();
after(async () => (await shared).close());

async function emptyDatabase(): Promise<{ db: PlatformDatabase; close(): Promise<void> }> {
  const { db } = await shared;
  await db.query('DROP TABLE IF EXISTS meshgate_access_log, meshgate_access_log_head');
  return { db, close: async () => {} };
}

test('1,000 concurrent appends become exactly 1,000 gapless records in a few transactions', async () => {
  const { db, close } = await emptyDatabase();
  try {
    const log = await createAuditLog({ db });
    await Promise.all(Array.from({ length: 1000 }, (_, i) => log.append(sampleInput(i))));
    const stats = log.stats();
    assert.equal(stats.appended, 1000);
    assert.ok(stats.batches <= 4, `batches: ${stats.batches}`);
    const [row] = await db.query(
      'SELECT count(*)::int AS n, min(seq)::int AS lo, max(seq)::int AS hi, count(DISTINCT request_id)::int AS ids FROM meshgate_access_log',
    );
    assert.deepEqual(row, { n: 1000, lo: 1, hi: 1000, ids: 1000 });
    assert.equal((await log.verify()).ok, true);
    await log.close();
  } finally {
    await close();
  }
});

test('maxBatch bounds the records per transaction', async () => {
  const { db, close } = await emptyDatabase();
  try {
    const log = await createAuditLog({ db, maxBatch: 50, flushIntervalMs: 1 });
    await Promise.all(Array.from({ length: 400 }, (_, i) => log.append(sampleInput(i))));
    assert.ok(log.stats().batches >= 8, `batches: ${log.stats().batches}`);
    assert.equal((await log.verify()).ok, true);
  } finally {
    await close();
  }
});

test('strict mode rejects with AuditWriteError when the database is gone', async () => {
  const { db, close } = await embeddedDatabase();
  const log = await createAuditLog({ db });
  await close();
  await assert.rejects(log.append(sampleInput(1)), (error: unknown) => error instanceof AuditWriteError && error.code === 'AUDIT_UNAVAILABLE');
  assert.deepEqual(log.stats(), { appended: 0, failed: 1, batches: 0, pending: 0 });
});

test('best-effort mode resolves when the database is gone and counts the failure', async () => {
  const { db, close } = await embeddedDatabase();
  const log = await createAuditLog({ db, mode: 'best-effort' });
  await close();
  await log.append(sampleInput(1));
  await log.append(sampleInput(2));
  await log.flush();
  assert.deepEqual(log.stats(), { appended: 0, failed: 2, batches: 0, pending: 0 });
});

test('a closed log refuses appends in strict mode', async () => {
  const { db, close } = await emptyDatabase();
  try {
    const log = await createAuditLog({ db });
    await log.append(sampleInput(1));
    await log.close();
    await assert.rejects(log.append(sampleInput(2)), AuditWriteError);
    assert.equal(log.stats().appended, 1);
  } finally {
    await close();
  }
});

test('the verify command exits 0 on an intact log, 1 naming the record after tampering, 2 without tables', async () => {
  const { db, close } = await emptyDatabase();
  try {
    const run = async () => {
      const out = new PassThrough();
      let text = '';
      out.on('data', (chunk) => (text += chunk));
      const code = await runAuditVerify(db, out);
      return { code, text };
    };
    assert.equal((await run()).code, 2);
    const log = await createAuditLog({ db });
    await Promise.all(Array.from({ length: 20 }, (_, i) => log.append(sampleInput(i))));
    const intact = await run();
    assert.equal(intact.code, 0, intact.text);
    assert.match(intact.text, /OK: 20 records verified/);
    await db.query(`UPDATE meshgate_access_log SET actor = jsonb_set(actor, '{sub}', '"someone-else"') WHERE seq = 11`);
    const tampered = await run();
    assert.equal(tampered.code, 1);
    assert.match(tampered.text, /TAMPERED \(edited\) at seq 11: record seq 11 \(request req-\d+, \d{4}-/);
  } finally {
    await close();
  }
});
