/**
 * An event carrying a NUL character (U+0000) is rejected on its own, with a
 * code and the field, instead of reaching the idempotency store (which
 * failed the whole batch as INGEST_UNAVAILABLE) or the lake.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineDataProduct } from '../../../src/sdk/index.ts';
import { datasetRuntimes, validateEvent, type DatasetRuntime, type EventValidation } from '../../../src/lake/datasets/index.ts';

const probe = defineDataProduct({
  name: 'probe',
  version: '1.0.0',
  description: 'Text fields of every shape.',
  owner: { team: 't', contact: 't@example.com' },
  lake: {
    datasets: {
      sample: {
        eventTime: 'at',
        partitioning: 'day',
        fields: {
          at: { type: 'DateTime' },
          userId: { type: 'ID', nullable: false },
          note: { type: 'String' },
          tags: { type: 'String', list: true },
          extra: { type: 'JSON' },
        },
      },
    },
  },
});

const [sample] = datasetRuntimes([probe]) as [DatasetRuntime];
const data = { at: '2025-03-01T10:00:00Z', userId: 'u1' };

function rejection(result: EventValidation) {
  assert.equal(result.ok, false, 'expected a rejection');
  return result as Extract<EventValidation, { ok: false }>;
}

test('a NUL in a text field, a list item or inside JSON is WRONG_TYPE naming the field', () => {
  for (const [field, value, path] of [
    ['note', 'a\u0000b', 'note'],
    ['userId', 'u\u0000', 'userId'],
    ['tags', ['ok', 'n\u0000'], 'tags[1]'],
    ['extra', { deep: [{ text: '\u0000' }] }, 'extra.deep[0].text'],
    ['extra', { 'k\u0000': 1 }, 'extra."k\\u0000"'],
  ] as const) {
    const rejected = rejection(validateEvent(sample, { data: { ...data, [field]: value } }));
    assert.equal(rejected.code, 'WRONG_TYPE');
    assert.equal(rejected.field, field);
    assert.equal(rejected.reason, `${path} must be text without NUL characters (U+0000)`);
  }
});

test('a NUL in the event id is INVALID_EVENT_ID; text without NUL is accepted', () => {
  const rejected = rejection(validateEvent(sample, { eventId: 'id\u0000x', data }));
  assert.equal(rejected.code, 'INVALID_EVENT_ID');
  assert.equal(rejected.field, 'eventId');
  assert.equal(rejection(validateEvent(sample, { data: { ...data, eventId: '\u0000' } })).code, 'INVALID_EVENT_ID');
  const accepted = validateEvent(sample, { eventId: 'id-1', data: { ...data, note: 'ä\u0001\uFFFD', extra: { a: ['b'] } } });
  assert.equal(accepted.ok, true);
});
