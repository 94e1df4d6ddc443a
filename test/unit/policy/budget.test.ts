/** `budget:` in a role policy: validated, inherited (own first, else the largest parent's), the largest of an actor's roles. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { PolicyError, createPolicySet, validatePolicies, type RolePolicy, type SubjectCatalog } from '../../../src/policy/index.ts';
import { actor, demoBaseline, demoCatalog } from './fixtures.ts';

let catalog: SubjectCatalog;
before(async () => {
  catalog = await demoCatalog();
});

const role = (name: string, extra: Partial<RolePolicy> = {}): RolePolicy => ({ role: name, rules: [], ...extra });

describe('cost budgets in role policies', () => {
  test('a budget must be an integer from 1 to 1,000,000,000, named in the issue', () => {
    for (const bad of [0, -5, 2.5, '100', 2e9]) {
      assert.throws(
        () => validatePolicies([role('tester', { budget: bad as number })], catalog),
        (error: unknown) => {
          assert.ok(error instanceof PolicyError);
          assert.equal(error.issues[0]?.path, 'budget');
          assert.match(error.issues[0]?.message ?? '', /must be an integer from 1 to 1000000000/);
          return true;
        },
      );
    }
    validatePolicies([role('tester', { budget: 1 })], catalog);
  });

  test('own budget first, else the largest inherited one, else none', () => {
    const set = createPolicySet(
      [
        role('small', { budget: 100 }),
        role('big', { budget: 9000 }),
        role('child', { inherits: ['small', 'big'] }),
        role('own', { inherits: ['big'], budget: 50 }),
        role('none'),
      ],
      catalog,
    );
    assert.equal(set.costBudget(actor(['child'])), 9000);
    assert.equal(set.costBudget(actor(['own'])), 50);
    assert.equal(set.costBudget(actor(['none'])), undefined);
    assert.equal(set.costBudget(actor(['own', 'small'])), 100, 'the largest of the actor’s roles');
    assert.equal(set.costBudget(actor(['unknown-role'])), undefined);
  });

  test('the demo baseline gives admin and analyst bigger budgets than the default', async () => {
    const set = createPolicySet(await demoBaseline(), catalog);
    assert.equal(set.costBudget(actor(['admin'])), 100_000);
    assert.equal(set.costBudget(actor(['analyst'])), 20_000);
    assert.equal(set.costBudget(actor(['app-user'])), undefined);
  });
});
