import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, toStorableJson } from '../../../src/audit/index.ts';
import { embeddedDatabase } from './fixtures.ts';

test('canonical JSON sorts keys at every depth and has no whitespace', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } }), '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
});

test('canonical JSON writes dates as ISO strings and omits undefined members', () => {
  assert.equal(canonicalJson({ t: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)), gone: undefined }), '{"t":"2026-01-02T03:04:05.006Z"}');
});

test('canonical JSON writes numbers as JSON does, non-finite ones as null', () => {
  assert.equal(canonicalJson([1, 1.5, -0, 1e21, 0.1 + 0.2, Number.NaN, Infinity]), '[1,1.5,0,1e+21,0.30000000000000004,null,null]');
});

test('storable JSON replaces what jsonb rejects and keeps everything else', () => {
  const value = toStorableJson({ nul: 'a\u0000b', lone: 'x\uD800y', big: 10n, when: new Date(0), skip: undefined, list: [undefined, 1] });
  assert.deepEqual(value, { nul: 'a\uFFFDb', lone: 'x\uFFFDy', big: '10', when: '1970-01-01T00:00:00.000Z', list: [null, 1] });
});

test('canonical text survives a jsonb round trip through PostgreSQL (key order, numbers, unicode)', async () => {
  const { db, close } = await embeddedDatabase();
  try {
    const value = toStorableJson({
      zeta: [3, 2, 1],
      alpha: { ü: 'ünïcødé 🚀', b: 0.30000000000000004, a: 1e-7, big: 123456789012345.67 },
      '': null,
      nested: [{ y: true, x: false }],
      nul: 'a\u0000b',
      neg: -0,
      exp: 1e300,
    });
    const rows = await db.query<{ v: unknown }>('SELECT $1::jsonb AS v', [JSON.stringify(value)]);
    assert.equal(canonicalJson(rows[0].v), canonicalJson(value));
  } finally {
    await close();
  }
});
