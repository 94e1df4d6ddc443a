import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defineDataProduct } from '../../../src/sdk/index.ts';
import {
  datasetRuntimes,
  decodeEventMessage,
  encodeEventMessage,
  streamedDatasets,
  validateEvent,
  type DatasetRuntime,
  type EventValidation,
} from '../../../src/lake/datasets/index.ts';
import engagement from '../../../domains/engagement/product.ts';

const probe = defineDataProduct({
  name: 'probe',
  version: '1.0.0',
  description: 'A dataset with every field type, for validation tests.',
  owner: { team: 't', contact: 't@example.com' },
  lake: {
    datasets: {
      sample: {
        eventTime: 'at',
        partitioning: 'hour',
        keyField: 'userId',
        fields: {
          at: { type: 'DateTime' },
          userId: { type: 'ID', nullable: false },
          count: { type: 'Int' },
          score: { type: 'Float' },
          flag: { type: 'Boolean' },
          tags: { type: 'String', list: true },
          extra: { type: 'JSON' },
          email: { type: 'String', classification: ['pii'] },
        },
      },
    },
  },
});

const [sample] = datasetRuntimes([probe]) as [DatasetRuntime];
const good = { at: '2025-03-01T10:00:00+01:00', userId: 'u1' };

function rejection(result: EventValidation) {
  assert.equal(result.ok, false, 'expected a rejection');
  return result as Extract<EventValidation, { ok: false }>;
}

describe('datasetRuntimes', () => {
  test('names subject, topic and qualified name; eventId is the first column; event time is non-null', () => {
    assert.equal(sample.subject, 'probe.lake.sample');
    assert.equal(sample.topic, 'probe.sample');
    assert.equal(sample.qualifiedName, 'probe.sample');
    assert.deepEqual(
      sample.fields.map((f) => f.name),
      ['eventId', 'at', 'userId', 'count', 'score', 'flag', 'tags', 'extra', 'email'],
    );
    assert.equal(sample.fieldsByName.get('eventId')?.envelope, true);
    assert.equal(sample.fieldsByName.get('at')?.nullable, false);
    assert.deepEqual(sample.fieldsByName.get('email')?.classification, ['pii']);
  });

  test('the engagement domain streams viewed, listened, read and purchased; ip is pii', () => {
    const runtimes = streamedDatasets(datasetRuntimes([engagement]));
    assert.deepEqual(
      runtimes.map((r) => r.qualifiedName),
      ['engagement.viewed', 'engagement.listened', 'engagement.read', 'engagement.purchased'],
    );
    for (const runtime of runtimes) {
      assert.deepEqual(runtime.fieldsByName.get('ip')?.classification, ['pii']);
      assert.equal(runtime.eventTimeField, 'occurredAt');
      assert.equal(runtime.keyField, 'userId');
    }
  });
});

describe('validateEvent', () => {
  test('normalises a good event: every field present, DateTime in UTC, keyed by the key field', () => {
    const result = validateEvent(sample, { eventId: 'e-1', data: { ...good, count: 3, tags: ['a', 'b'], extra: { deep: [1, null] } } });
    assert.ok(result.ok);
    assert.equal(result.event.eventTime, '2025-03-01T09:00:00.000Z');
    assert.equal(result.event.key, 'u1');
    assert.deepEqual(result.event.record, {
      eventId: 'e-1',
      at: '2025-03-01T09:00:00.000Z',
      userId: 'u1',
      count: 3,
      score: null,
      flag: null,
      tags: ['a', 'b'],
      extra: { deep: [1, null] },
      email: null,
    });
  });

  test('generates a time-ordered UUIDv7 when no id is given, and reads data.eventId', () => {
    const a = validateEvent(sample, { data: good });
    const b = validateEvent(sample, { data: { ...good, eventId: 'from-data' } });
    assert.ok(a.ok && b.ok);
    assert.match(a.event.eventId, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(b.event.eventId, 'from-data');
  });

  const bad: [string, unknown, string, string | undefined][] = [
    ['data not an object', 'x', 'INVALID_EVENT', undefined],
    ['unknown field', { ...good, colour: 'red' }, 'UNKNOWN_FIELD', 'colour'],
    ['missing non-null field', { at: good.at }, 'MISSING_FIELD', 'userId'],
    ['missing event time', { userId: 'u1' }, 'MISSING_FIELD', 'at'],
    ['null non-null field', { ...good, userId: null }, 'MISSING_FIELD', 'userId'],
    ['float for Int', { ...good, count: 1.5 }, 'WRONG_TYPE', 'count'],
    ['string for Int', { ...good, count: '3' }, 'WRONG_TYPE', 'count'],
    ['Int out of range', { ...good, count: 2 ** 31 }, 'WRONG_TYPE', 'count'],
    ['string for Float', { ...good, score: '1.5' }, 'WRONG_TYPE', 'score'],
    ['number for Boolean', { ...good, flag: 1 }, 'WRONG_TYPE', 'flag'],
    ['DateTime without zone', { ...good, at: '2025-03-01T10:00:00' }, 'WRONG_TYPE', 'at'],
    ['DateTime not a date', { ...good, at: '2025-02-30T10:00:00Z' }, 'WRONG_TYPE', 'at'],
    ['DateTime as epoch number', { ...good, at: 1740000000000 }, 'WRONG_TYPE', 'at'],
    ['scalar for list', { ...good, tags: 'a' }, 'WRONG_TYPE', 'tags'],
    ['null inside list', { ...good, tags: ['a', null] }, 'WRONG_TYPE', 'tags'],
    ['object for ID', { ...good, userId: { id: 1 } }, 'WRONG_TYPE', 'userId'],
  ];
  for (const [name, data, code, field] of bad) {
    test(`rejects ${name} with ${code}${field ? ` on ${field}` : ''}`, () => {
      const result = rejection(validateEvent(sample, { eventId: 'e', data }));
      assert.equal(result.code, code);
      assert.equal(result.field, field);
      assert.ok(result.reason.length > 5, 'a reason a client can read');
    });
  }

  test('rejects an empty or non-string event id, and disagreeing ids', () => {
    assert.equal(rejection(validateEvent(sample, { eventId: '', data: good })).code, 'INVALID_EVENT_ID');
    assert.equal(rejection(validateEvent(sample, { eventId: 7, data: good })).code, 'INVALID_EVENT_ID');
    assert.equal(rejection(validateEvent(sample, { eventId: 'a', data: { ...good, eventId: 'b' } })).code, 'INVALID_EVENT_ID');
  });

  test('a JSON field may hold any JSON, even an object shaped like a rejection', () => {
    const result = validateEvent(sample, { eventId: 'e', data: { ...good, extra: { ok: false, code: 'X' } } });
    assert.ok(result.ok);
    assert.deepEqual(result.event.record.extra, { ok: false, code: 'X' });
  });
});

describe('wire encoding', () => {
  test('a message decodes back to the event it encodes, with eventId and dataset headers', () => {
    const result = validateEvent(sample, { eventId: 'e-9', data: { ...good, score: 2.5 } });
    assert.ok(result.ok);
    const message = encodeEventMessage(result.event);
    assert.deepEqual(message.headers, { eventId: 'e-9', dataset: 'probe.sample' });
    assert.equal(message.key, 'u1');
    const decoded = decodeEventMessage(sample, {
      topic: sample.topic,
      partition: 0,
      offset: '0',
      key: message.key,
      value: Buffer.from(message.value as string),
      headers: message.headers!,
      timestamp: Date.now(),
    });
    assert.deepEqual(decoded, result.event);
  });
});
