/** The chain over a real (embedded) PostgreSQL: appends verify, and each kind of tampering is named. */
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createAuditLog, GENESIS_HASH, recordHash } from '../../../src/audit/index.ts';
import type { AuditLog, VerifyResult } from '../../../src/audit/index.ts';
import type { PlatformDatabase } from '../../../src/sources/index.ts';
import { embeddedDatabase, sampleInput } from './fixtures.ts';

const RECORDS = 12;
let db: PlatformDatabase;
let log: AuditLog;
let closeDb: () => Promise<void>;

before(async () => {
  ({ db, close: closeDb } = await embeddedDatabase());
});

after(() => closeDb());

beforeEach(async () => {
  await db.query('DROP TABLE IF EXISTS meshgate_access_log, meshgate_access_log_head');
  log = await createAuditLog({ db });
  await Promise.all(Array.from({ length: RECORDS }, (_, i) => log.append(sampleInput(i + 1))));
});

afterEach(() => log.close());

/** seq of the record whose request id is `req-i` (appends were concurrent, so seq order is the log's own). */
async function requestAt(seq: number): Promise<{ requestId: string; time: string }> {
  const rows = await db.query('SELECT request_id, time FROM meshgate_access_log WHERE seq = $1', [seq]);
  return { requestId: rows[0].request_id as string, time: (rows[0].time as Date).toISOString() };
}

function assertProblem(result: VerifyResult, problem: string, seq: number) {
  assert.equal(result.ok, false, `expected a ${problem} finding, got ${JSON.stringify(result)}`);
  if (result.ok) return;
  assert.equal(result.problem, problem, result.message);
  assert.equal(result.seq, seq, result.message);
}

test('appended records chain from genesis, round-trip unchanged and verify', async () => {
  const result = await log.verify();
  assert.deepEqual(result.ok && result.checked, RECORDS);
  const { records } = await log.query({ first: RECORDS });
  const ascending = records.reverse();
  assert.equal(ascending[0].prevHash, GENESIS_HASH);
  for (const [i, record] of ascending.entries()) {
    assert.equal(record.seq, i + 1);
    assert.equal(recordHash(record), record.hash, `seq ${record.seq} recomputes after the PostgreSQL round trip`);
    if (i > 0) assert.equal(record.prevHash, ascending[i - 1].hash);
  }
  assert.equal(result.ok && result.head, ascending.at(-1)!.hash);
});

test('stored records keep the document only as a hash and the variables redacted', async () => {
  const { records } = await log.query({ where: { requestId: 'req-3' } });
  assert.equal(records.length, 1);
  assert.match(records[0].documentHash!, /^[0-9a-f]{64}$/);
  assert.equal((records[0].variables as { password: string }).password, '[REDACTED]');
  assert.equal(JSON.stringify(records[0]).includes('commerce { orders'), false);
});

test('an edited field is named as edited at that seq, with its request id and time', async () => {
  await db.query(`UPDATE meshgate_access_log SET status = 'denied' WHERE seq = 7`);
  const result = await log.verify();
  assertProblem(result, 'edited', 7);
  const { requestId, time } = await requestAt(7);
  assert.ok(!result.ok && result.message.includes(requestId) && result.message.includes(time), !result.ok ? result.message : '');
  assert.equal(result.checked, 6);
});

test('an edit inside a jsonb column is caught', async () => {
  await db.query(`UPDATE meshgate_access_log SET resources = jsonb_set(resources, '{0,rows}', '999') WHERE seq = 9`);
  assertProblem(await log.verify(), 'edited', 9);
});

test('a microsecond change to the time is caught', async () => {
  await db.query(`UPDATE meshgate_access_log SET time = time + interval '1 microsecond' WHERE seq = 2`);
  assertProblem(await log.verify(), 'edited', 2);
});

test('a deleted middle record is named by the record after the gap', async () => {
  await db.query('DELETE FROM meshgate_access_log WHERE seq = 5');
  const result = await log.verify();
  assertProblem(result, 'deleted', 6);
  assert.match(!result.ok ? result.message : '', /seq 5 is missing/);
});

test('a deleted first record is caught', async () => {
  await db.query('DELETE FROM meshgate_access_log WHERE seq = 1');
  assertProblem(await log.verify(), 'deleted', 2);
});

test('two rows swapped wholesale (seq kept) name the first swapped as reordered', async () => {
  await swap(4, 8, ALL_BUT_SEQ);
  assertProblem(await log.verify(), 'reordered', 4);
});

test('two rows with swapped data but their own hashes name the first swapped as edited', async () => {
  await swap(3, 10, DATA_COLUMNS);
  assertProblem(await log.verify(), 'edited', 3);
});

test('deleting the last record is caught as tail deletion', async () => {
  await db.query(`DELETE FROM meshgate_access_log WHERE seq = ${RECORDS}`);
  const result = await log.verify();
  assertProblem(result, 'deleted', RECORDS);
  assert.match(!result.ok ? result.message : '', /end of the log/);
});

test('a record replaced with a recomputed hash is named by the broken link after it', async () => {
  const { records } = await log.query({ where: { requestId: (await requestAt(5)).requestId } });
  const forged = { ...records[0], status: 'error' as const };
  await db.query('UPDATE meshgate_access_log SET status = $1, hash = $2 WHERE seq = 5', ['error', recordHash(forged)]);
  assertProblem(await log.verify(), 'edited', 5);
});

test('a record added beyond the head is caught as inserted', async () => {
  await db.query(`INSERT INTO meshgate_access_log SELECT seq + 100, time, request_id, actor, operation_name, operation_type, document_hash,
    variables, resources, status, error_codes, duration_ms, prev_hash, hash FROM meshgate_access_log WHERE seq = 3`);
  assertProblem(await log.verify(), 'inserted', 103);
});

test('appends after a verification continue the chain', async () => {
  await log.append(sampleInput(100));
  const result = await log.verify();
  assert.equal(result.ok && result.checked, RECORDS + 1);
});

const DATA_COLUMNS = [
  'time',
  'request_id',
  'actor',
  'operation_name',
  'operation_type',
  'document_hash',
  'variables',
  'resources',
  'status',
  'error_codes',
  'duration_ms',
];
const ALL_BUT_SEQ = [...DATA_COLUMNS, 'prev_hash', 'hash'];

async function swap(a: number, b: number, columns: string[]) {
  await db.query(
    `UPDATE meshgate_access_log x SET ${columns.map((c) => `${c} = y.${c}`).join(', ')}
    FROM meshgate_access_log y WHERE (x.seq = $1 AND y.seq = $2) OR (x.seq = $2 AND y.seq = $1)`,
    [a, b],
  );
}
