/**
 * The access record is writable for any request: variables nested deeper
 * than MAX_RECORDED_DEPTH are recorded as "[TRUNCATED]" (the rest stands,
 * secrets still redacted), huge ones as they are; the chain still verifies.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createAuditLog, MAX_RECORDED_DEPTH, REDACTED, redactVariables, TRUNCATED } from '../../../src/audit/index.ts';
import type { PlatformDatabase } from '../../../src/sources/index.ts';
import { embeddedDatabase, sampleInput } from './fixtures.ts';

function nested(levels: number): unknown {
  let value: unknown = { email: { eq: 'x' } };
  for (let i = 0; i < levels; i++) value = { not: value };
  return value;
}

function depthOf(value: unknown): number {
  let depth = 0;
  for (let current = value; current !== null && typeof current === 'object'; current = Object.values(current)[0]) depth++;
  return depth;
}

test('containers past MAX_RECORDED_DEPTH become [TRUNCATED]; shallower values and redaction are unchanged', () => {
  const redacted = redactVariables({ where: nested(100_000), token: 't', first: 10 })!;
  assert.equal(redacted.token, REDACTED);
  assert.equal(redacted.first, 10);
  assert.equal(depthOf(redacted), MAX_RECORDED_DEPTH, 'the variables object is the first level');
  let innermost: unknown = redacted;
  for (let i = 0; i < MAX_RECORDED_DEPTH - 1; i++) innermost = Object.values(innermost as object)[0];
  assert.deepEqual(innermost, { not: TRUNCATED });
  const shallow = { where: nested(10), list: [[1, [2]]] };
  assert.deepEqual(redactVariables(shallow), shallow);
});

let db: PlatformDatabase;
let closeDb: () => Promise<void>;
before(async () => {
  ({ db, close: closeDb } = await embeddedDatabase());
});
after(() => closeDb());

test('a record with 100,000-deep and 900 kB variables is appended, read back and verified', async () => {
  const log = await createAuditLog({ db });
  try {
    await log.append(sampleInput(1, { requestId: 'deep', variables: { where: nested(100_000) } }));
    await log.append(sampleInput(2, { requestId: 'huge', variables: { text: 'x'.repeat(900_000), list: Array.from({ length: 50_000 }, (_, i) => i) } }));
    const page = await log.query({ where: {}, first: 10 });
    const deep = page.records.find((record) => record.requestId === 'deep')!;
    assert.equal(depthOf(deep.variables), MAX_RECORDED_DEPTH);
    const huge = page.records.find((record) => record.requestId === 'huge')!;
    assert.equal((huge.variables!.text as string).length, 900_000);
    assert.deepEqual(await log.verify(), { ok: true, checked: 2, head: page.records[0]!.hash });
  } finally {
    await log.close();
  }
});
