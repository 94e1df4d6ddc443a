import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccessCollector } from '../../../src/audit/index.ts';
import type { ResourceAccess } from '../../../src/audit/index.ts';

const order: ResourceAccess = {
  domain: 'commerce',
  plane: 'operational',
  subject: 'commerce.Order',
  action: 'read',
  fields: ['id'],
  rows: 2,
  decision: 'allow',
  rule: 'analyst#3',
};

test('repeated touches of one subject/action/decision/rule merge: fields unite in order, rows add up', () => {
  const collector = createAccessCollector();
  collector.touch(order);
  collector.touch({ ...order, fields: ['total', 'id'], rows: 3 });
  collector.touch({ ...order, fields: ['status'], rows: 0 });
  assert.deepEqual(collector.resources(), [{ ...order, fields: ['id', 'total', 'status'], rows: 5 }]);
});

test('a different decision, rule or action stays a separate entry', () => {
  const collector = createAccessCollector();
  collector.touch(order);
  collector.touch({ ...order, decision: 'deny', rows: 0, fields: [], reason: 'no rule' });
  collector.touch({ ...order, rule: 'admin#1' });
  collector.touch({ ...order, action: 'update' });
  collector.touch({ ...order, rule: undefined });
  assert.equal(collector.resources().length, 5);
  assert.deepEqual(
    collector.resources().map((r) => [r.decision, r.rule, r.action]),
    [
      ['allow', 'analyst#3', 'read'],
      ['deny', 'analyst#3', 'read'],
      ['allow', 'admin#1', 'read'],
      ['allow', 'analyst#3', 'update'],
      ['allow', undefined, 'read'],
    ],
  );
});

test("the collector does not alias the caller's arrays", () => {
  const collector = createAccessCollector();
  const fields = ['id'];
  collector.touch({ ...order, fields });
  fields.push('leaked');
  collector.resources()[0].fields.push('also-leaked');
  assert.deepEqual(collector.resources()[0].fields, ['id']);
});
