import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createPolicySet, type PolicySet, type SubjectCatalog } from '../../../src/policy/index.ts';
import { demoBaseline, demoCatalog } from './fixtures.ts';
import { PERSONAS } from './policy-matrix.ts';

let catalog: SubjectCatalog;
let set: PolicySet;
before(async () => {
  catalog = await demoCatalog();
  set = createPolicySet(await demoBaseline(), catalog);
});

// roles × subjects × actions × fields, over the whole catalog: what is not listed must be denied.
for (const persona of PERSONAS) {
  test(`policy matrix: ${persona.name}`, () => {
    const decider = set.forActor(persona.actor);
    let checked = 0;
    for (const info of catalog.values()) {
      for (const action of info.actions.filter((a) => a !== 'manage')) {
        const where = `${persona.name}: ${action} ${info.subject}`;
        const expected = persona.allowed[`${info.subject} ${action}`];
        const { filter } = decider.rowFilter(action, info.subject);
        const access = decider.fieldAccess(action, info.subject);
        const fields = Object.keys(info.fields);
        if (!expected) {
          assert.deepEqual(filter, { op: 'const', value: false }, where);
          assert.deepEqual(
            fields.filter((f) => access.allowed(f)),
            [],
            `${where}: fields`,
          );
          assert.equal(decider.can(action, info.subject).allowed, false, where);
          continue;
        }
        assert.deepEqual(filter, expected.rows === 'all' ? { op: 'const', value: true } : expected.rows, where);
        const expectedFields = expected.fields ?? fields.filter((f) => !expected.exceptFields?.includes(f));
        assert.deepEqual(
          fields.filter((f) => access.allowed(f)),
          expectedFields,
          `${where}: fields`,
        );
        assert.deepEqual(
          fields.filter((f) => access.needsRowCheck(f)),
          [],
          `${where}: field rules follow the row filter`,
        );
        assert.equal(decider.can(action, info.subject).allowed, true, where);
        checked++;
      }
    }
    assert.equal(checked, Object.keys(persona.allowed).length, 'every listed expectation names a catalog subject and action');
  });
}
