import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { PolicyError, createPolicySet, explainAccess, policyDiff, type PolicySet, type RolePolicy, type SubjectCatalog } from '../../../src/policy/index.ts';
import { actor, demoBaseline, demoCatalog } from './fixtures.ts';

let catalog: SubjectCatalog;
let baseline: RolePolicy[];
let set: PolicySet;
before(async () => {
  catalog = await demoCatalog();
  baseline = await demoBaseline();
  set = createPolicySet(baseline, catalog);
});

describe('explainAccess', () => {
  const support = actor(['support'], { country: 'DE' });

  test('an allowed read names the rule, its reason and the filter it compiles to', () => {
    const answer = explainAccess(set, catalog, { actor: support, subject: 'identity.User', action: 'read' });
    assert.equal(answer.decision, 'allow');
    assert.deepEqual({ role: answer.rule?.role, index: answer.rule?.index }, { role: 'support', index: 0 });
    assert.deepEqual(answer.rule?.rule.conditions, { country: '${user.country}' });
    assert.deepEqual(answer.filter, { op: 'eq', field: 'country', value: 'DE' });
    assert.equal(
      answer.reason,
      '"read" on "identity.User" allowed on rows matching the filter by rule #0 of role "support": support serves the users of its own country',
    );
  });

  test('a masked field is denied by the inverted rule, with its reason', () => {
    const answer = explainAccess(set, catalog, { actor: support, subject: 'identity.User', action: 'read', field: 'email' });
    assert.equal(answer.decision, 'deny');
    assert.deepEqual({ role: answer.rule?.role, index: answer.rule?.index, inverted: answer.rule?.inverted }, { role: 'support', index: 1, inverted: true });
    assert.match(answer.reason, /denied by inverted rule #1 of role "support": support never sees e-mail addresses/);
    assert.deepEqual(answer.filter, { op: 'const', value: false });
  });

  test('a resource outside the rows is denied with no rule; an inherited rule is named with its own role', () => {
    const foreign = explainAccess(set, catalog, { actor: support, subject: 'identity.User', action: 'read', resource: { id: 'u9', country: 'FR' } });
    assert.equal(foreign.decision, 'deny');
    assert.equal(foreign.rule, undefined);
    assert.equal(foreign.reason, '"read" on "identity.User" denied: no rule of roles support allows it on this row');
    const inherited = explainAccess(set, catalog, { actor: support, subject: 'catalog.Item', action: 'read' });
    assert.equal(inherited.rule?.role, 'catalog-reader');
    assert.deepEqual(inherited.filter, { op: 'const', value: true });
  });

  test('an unknown subject or field is an input error naming what exists', () => {
    assert.throws(
      () => explainAccess(set, catalog, { actor: support, subject: 'identity.Usr', action: 'read' }),
      (e: unknown) => e instanceof PolicyError && /did you mean "identity.User"/.test(e.message),
    );
    assert.throws(() => explainAccess(set, catalog, { actor: support, subject: 'identity.User', action: 'read', field: 'mail' }), /fields: id, name, email/);
  });
});

describe('policyDiff', () => {
  const replace = (role: string, rules: RolePolicy['rules']) => baseline.map((p) => (p.role === role ? { ...p, rules } : p));

  test('no change, no entries', () => {
    assert.deepEqual(policyDiff(catalog, baseline, baseline, 'support'), { allows: [], denies: [] });
  });

  test('widening: a second allowing rule adds rows (placeholders stay symbolic)', () => {
    const rules = [...baseline.find((p) => p.role === 'app-user')!.rules, { action: 'read' as const, subject: 'identity.User', conditions: { tier: 'pro' } }];
    const diff = policyDiff(catalog, baseline, replace('app-user', rules), 'app-user');
    assert.deepEqual(diff.denies, []);
    assert.deepEqual(diff.allows, [
      {
        subject: 'identity.User',
        action: 'read',
        change: 'rows widened',
        fields: 'all',
        rows: {
          op: 'and',
          filters: [
            { op: 'eq', field: 'tier', value: 'pro' },
            { op: 'not', filter: { op: 'eq', field: 'id', value: '${user.sub}' } },
          ],
        },
      },
    ]);
  });

  test('narrowing: an inverted rule removes rows', () => {
    const rules = [
      ...baseline.find((p) => p.role === 'support')!.rules,
      { action: 'read' as const, subject: 'commerce.Order', conditions: { status: 'cancelled' }, inverted: true },
    ];
    const diff = policyDiff(catalog, baseline, replace('support', rules), 'support');
    assert.deepEqual(diff.allows, []);
    assert.deepEqual(diff.denies, [
      {
        subject: 'commerce.Order',
        action: 'read',
        change: 'rows narrowed',
        fields: 'all',
        rows: { op: 'eq', field: 'status', value: 'cancelled' },
      },
    ]);
  });

  test('a new field and a removed subject', () => {
    const supportRules = baseline.find((p) => p.role === 'support')!.rules;
    const diff = policyDiff(catalog, baseline, replace('support', [supportRules[0]]), 'support');
    assert.deepEqual(diff.allows, [
      { subject: 'identity.User', action: 'read', change: 'fields added', fields: ['email'], rows: { op: 'eq', field: 'country', value: '${user.country}' } },
    ]);
    assert.deepEqual(
      diff.denies.map((d) => [d.subject, d.action, d.change, d.rows]),
      [
        ['commerce.Order', 'read', 'newly denied', 'all'],
        ['commerce.OrderItem', 'read', 'newly denied', 'all'],
      ],
    );
  });

  test('a new role is newly allowed everything it grants; an invalid change is an error', () => {
    const diff = policyDiff(catalog, baseline, [...baseline, { role: 'auditor', rules: [{ action: 'read', subject: 'platform.AuditLog' }] }], 'auditor');
    assert.deepEqual(diff, { allows: [{ subject: 'platform.AuditLog', action: 'read', change: 'newly allowed', fields: 'all', rows: 'all' }], denies: [] });
    assert.throws(() => policyDiff(catalog, baseline, replace('support', [{ action: 'read', subject: 'nope.X' }]), 'support'), PolicyError);
  });
});
