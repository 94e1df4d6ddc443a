import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { createPolicySet, type Action, type RolePolicy, type SubjectCatalog } from '../../../src/policy/index.ts';
import { actor, demoCatalog, syntheticCatalog } from './fixtures.ts';

const FALSE = { op: 'const', value: false };
const TRUE = { op: 'const', value: true };
let catalog: SubjectCatalog;
before(async () => {
  catalog = await demoCatalog();
});

describe('inheritance', () => {
  const policies: RolePolicy[] = [
    {
      role: 'base',
      rules: [
        { action: ['read', 'create', 'update', 'delete'], subject: 'commerce.Order' },
        { action: 'delete', subject: 'commerce.Order', conditions: { status: 'delivered' }, inverted: true, reason: 'delivered orders stay' },
      ],
    },
    { role: 'middle', inherits: ['base'], rules: [] },
    {
      role: 'child',
      inherits: ['middle'],
      rules: [{ action: 'update', subject: 'commerce.Order', fields: ['note'], inverted: true, reason: "notes are the customer's" }],
    },
  ];

  test("a role inherits every action, transitively, with the parent's inverted rules", () => {
    const decider = createPolicySet(policies, catalog).forActor(actor(['middle']));
    for (const action of ['read', 'create', 'update'] as Action[]) {
      assert.deepEqual(decider.rowFilter(action, 'commerce.Order').filter, TRUE, action);
    }
    assert.deepEqual(decider.rowFilter('delete', 'commerce.Order').filter, { op: 'not', filter: { op: 'eq', field: 'status', value: 'delivered' } });
    assert.deepEqual(decider.can('delete', 'commerce.Order', undefined, { status: 'delivered' }).rule, {
      role: 'base',
      index: 1,
      reason: 'delivered orders stay',
      inverted: true,
    });
  });

  test("a child's own rules take precedence over inherited ones", () => {
    const decider = createPolicySet(policies, catalog).forActor(actor(['child']));
    const update = decider.fieldAccess('update', 'commerce.Order');
    assert.equal(update.allowed('note'), false);
    assert.equal(update.allowed('status'), true);
    assert.equal(decider.fieldAccess('read', 'commerce.Order').allowed('note'), true);
  });
});

describe('placeholders', () => {
  const policies: RolePolicy[] = [
    { role: 'owner', rules: [{ action: 'read', subject: 'commerce.Order', conditions: { userId: '${user.sub}' } }] },
    { role: 'tenant', rules: [{ action: 'read', subject: 'identity.User', conditions: { tier: { $in: '${user.tiers}' } } }] },
    {
      role: 'guarded',
      rules: [
        { action: 'read', subject: 'identity.User' },
        { action: 'read', subject: 'identity.User', conditions: { country: '${user.blocked}' }, inverted: true },
      ],
    },
  ];
  const set = () => createPolicySet(policies, catalog);

  test("substitute the actor's sub and claims, keeping the claim's type", () => {
    assert.deepEqual(
      set()
        .forActor(actor(['owner'], {}, 'u7'))
        .rowFilter('read', 'commerce.Order').filter,
      { op: 'eq', field: 'userId', value: 'u7' },
    );
    assert.deepEqual(
      set()
        .forActor(actor(['tenant'], { tiers: ['plus', 'pro'] }))
        .rowFilter('read', 'identity.User').filter,
      {
        op: 'in',
        field: 'tier',
        values: ['plus', 'pro'],
      },
    );
  });

  test('abilities are cached per claim value: two actors never share a filter', () => {
    const policySet = set();
    const a = policySet.forActor(actor(['owner'], {}, 'u1')).rowFilter('read', 'commerce.Order').filter;
    const b = policySet.forActor(actor(['owner'], {}, 'u2')).rowFilter('read', 'commerce.Order').filter;
    assert.notDeepEqual(a, b);
  });

  test('a missing claim makes an allowing rule grant nothing, and an inverted one forbid everything (fail closed)', () => {
    assert.deepEqual(
      set()
        .forActor(actor(['owner'], {}, null))
        .rowFilter('read', 'commerce.Order').filter,
      FALSE,
    );
    assert.deepEqual(
      set()
        .forActor(actor(['tenant']))
        .rowFilter('read', 'identity.User').filter,
      FALSE,
    );
    assert.deepEqual(
      set()
        .forActor(actor(['guarded']))
        .rowFilter('read', 'identity.User').filter,
      FALSE,
    );
    assert.deepEqual(
      set()
        .forActor(actor(['guarded'], { blocked: 'FR' }))
        .rowFilter('read', 'identity.User').filter,
      {
        op: 'not',
        filter: { op: 'eq', field: 'country', value: 'FR' },
      },
    );
  });
});

describe('rowFilter shapes', () => {
  const decide = (rules: RolePolicy['rules'], roles = ['r']) => createPolicySet([{ role: 'r', rules }], syntheticCatalog()).forActor(actor(roles));

  test('no matching rule is const false, never "no filter"; unknown roles and subjects too', () => {
    assert.deepEqual(decide([]).rowFilter('read', 'lab.Sample'), { filter: FALSE, rules: [] });
    assert.deepEqual(decide([{ action: 'update', subject: 'lab.Sample' }]).rowFilter('read', 'lab.Sample').filter, FALSE);
    assert.deepEqual(decide([{ action: 'read', subject: 'lab.Sample' }], ['ghost']).rowFilter('read', 'lab.Sample').filter, FALSE);
    assert.deepEqual(decide([{ action: 'read', subject: 'lab.Sample' }]).rowFilter('read', 'lab.Other').filter, FALSE);
  });

  test('operators compile to the port language; $nin, $ne and $not become not(...)', () => {
    const filter = decide([
      {
        action: 'read',
        subject: 'lab.Sample',
        conditions: {
          score: { $gte: 1, $lt: 9 },
          color: { $nin: ['red'] },
          size: { $not: { $gt: 3 } },
          $or: [{ owner: 'a' }, { owner: { $ne: 'b' } }],
        },
      },
    ]).rowFilter('read', 'lab.Sample').filter;
    assert.deepEqual(filter, {
      op: 'and',
      filters: [
        { op: 'gte', field: 'score', value: 1 },
        { op: 'lt', field: 'score', value: 9 },
        { op: 'not', filter: { op: 'in', field: 'color', values: ['red'] } },
        { op: 'not', filter: { op: 'gt', field: 'size', value: 3 } },
        {
          op: 'or',
          filters: [
            { op: 'eq', field: 'owner', value: 'a' },
            { op: 'not', filter: { op: 'eq', field: 'owner', value: 'b' } },
          ],
        },
      ],
    });
  });

  test('inverted rules narrow the rules below them and are cut off by an unconditional allow above them', () => {
    const rules: RolePolicy['rules'] = [
      { action: 'read', subject: 'lab.Sample', conditions: { color: 'red' } },
      { action: 'read', subject: 'lab.Sample', conditions: { score: { $lt: 0 } }, inverted: true },
    ];
    assert.deepEqual(decide(rules).rowFilter('read', 'lab.Sample').filter, {
      op: 'and',
      filters: [
        { op: 'not', filter: { op: 'lt', field: 'score', value: 0 } },
        { op: 'eq', field: 'color', value: 'red' },
      ],
    });
    const overridden = decide([...rules, { action: 'read', subject: 'lab.Sample' }]).rowFilter('read', 'lab.Sample');
    assert.deepEqual(overridden.filter, TRUE);
    assert.deepEqual(
      overridden.rules.map((r) => r.index),
      [2],
    );
  });

  test('an unconditional inverted rule forbids everything below it', () => {
    const decider = decide([
      { action: 'read', subject: 'lab.Sample' },
      { action: 'manage', subject: 'all', inverted: true, reason: 'frozen' },
    ]);
    assert.deepEqual(decider.rowFilter('read', 'lab.Sample').filter, FALSE);
    assert.deepEqual(decider.can('read', 'lab.Sample', undefined, { id: 'x' }).rule?.reason, 'frozen');
  });

  test('DateTime conditions compare as dates', async () => {
    const filter = createPolicySet(
      [{ role: 'r', rules: [{ action: 'read', subject: 'commerce.Order', conditions: { placedAt: { $gte: '2024-01-01T00:00:00Z' } } }] }],
      catalog,
    )
      .forActor(actor(['r']))
      .rowFilter('read', 'commerce.Order').filter;
    assert.deepEqual(filter, { op: 'gte', field: 'placedAt', value: new Date('2024-01-01T00:00:00Z') });
  });

  test('several roles are a union: one role cannot take away what another grants', () => {
    const set = createPolicySet(
      [
        { role: 'a', rules: [{ action: 'read', subject: 'lab.Sample', conditions: { color: 'red' } }] },
        {
          role: 'b',
          rules: [
            { action: 'read', subject: 'lab.Sample', conditions: { score: 1 } },
            { action: 'read', subject: 'lab.Sample', conditions: { color: 'red' }, inverted: true },
          ],
        },
      ],
      syntheticCatalog(),
    );
    assert.deepEqual(set.forActor(actor(['a', 'b'])).rowFilter('read', 'lab.Sample').filter, {
      op: 'or',
      filters: [
        { op: 'eq', field: 'color', value: 'red' },
        {
          op: 'and',
          filters: [
            { op: 'not', filter: { op: 'eq', field: 'color', value: 'red' } },
            { op: 'eq', field: 'score', value: 1 },
          ],
        },
      ],
    });
  });
});

describe('field access', () => {
  const set = () =>
    createPolicySet(
      [
        {
          role: 'r',
          rules: [
            { action: 'read', subject: 'lab.Sample', fields: ['id', 'score', 'color'] },
            { action: 'read', subject: 'lab.Sample', fields: ['owner'], conditions: { color: 'blue' } },
            { action: 'read', subject: 'lab.Sample', fields: ['score'], conditions: { size: { $gt: 10 } }, inverted: true, reason: 'big scores hidden' },
          ],
        },
        {
          role: 'p',
          rules: [
            { action: 'read', subject: 'lab.Sample' },
            { action: 'read', subject: 'lab.Sample', fields: ['@pii'], inverted: true },
          ],
        },
      ],
      syntheticCatalog(),
    );

  test('fields of no rule are denied; conditional field rules need a row check', () => {
    const access = set()
      .forActor(actor(['r']))
      .fieldAccess('read', 'lab.Sample');
    assert.equal(access.allowed('size'), false);
    assert.deepEqual(
      ['id', 'score', 'color', 'owner'].map((f) => access.needsRowCheck(f)),
      [false, true, false, true],
    );
    assert.equal(access.allowedOnRow('owner', { color: 'blue' }), true);
    assert.equal(access.allowedOnRow('owner', { color: 'red' }), false);
    assert.equal(access.allowedOnRow('score', { size: 11 }), false);
    assert.equal(access.allowedOnRow('score', { size: 10 }), true);
    assert.equal(access.rule('owner')?.index, 1);
  });

  test('can() with a row and a field names the deciding rule', () => {
    const decider = set().forActor(actor(['r']));
    assert.deepEqual(decider.can('read', 'lab.Sample', 'score', { size: 50 }), {
      allowed: false,
      rule: { role: 'r', index: 2, reason: 'big scores hidden', inverted: true },
    });
    assert.equal(decider.can('read', 'lab.Sample', 'score', { size: 5 }).allowed, true);
  });

  test('@pii denies every pii field of the subject', () => {
    const access = set()
      .forActor(actor(['p']))
      .fieldAccess('read', 'lab.Sample');
    assert.deepEqual(
      ['id', 'owner', 'color'].map((f) => access.allowed(f)),
      [true, false, true],
    );
  });
});
