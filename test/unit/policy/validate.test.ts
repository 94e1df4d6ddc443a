import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import {
  PolicyError,
  createPolicySet,
  loadPolicyDirectory,
  validatePolicies,
  type PolicyRule,
  type RolePolicy,
  type SubjectCatalog,
} from '../../../src/policy/index.ts';
import { demoBaseline, demoCatalog } from './fixtures.ts';

let catalog: SubjectCatalog;
before(async () => {
  catalog = await demoCatalog();
});

function issuesOf(policies: RolePolicy[]) {
  try {
    validatePolicies(policies, catalog, { files: new Map(policies.map((p) => [p.role, `policies/${p.role}.yaml`])) });
  } catch (error) {
    assert.ok(error instanceof PolicyError);
    assert.equal(error.code, 'INVALID_POLICY');
    return error.issues;
  }
  assert.fail('expected a PolicyError');
}

const one = (rule: Partial<PolicyRule> | Record<string, unknown>) => issuesOf([{ role: 'tester', rules: [rule as PolicyRule] }]);

describe('validatePolicies', () => {
  test('the demo baseline validates', async () => {
    const baseline = await demoBaseline();
    validatePolicies(baseline, catalog);
    assert.deepEqual(baseline.map((p) => p.role).sort(), ['admin', 'analyst', 'anonymous', 'app-user', 'catalog-reader', 'domain-owner', 'support']);
  });

  test('an unknown subject names the file, the rule and the closest subjects', () => {
    const [issue] = one({ action: 'read', subject: 'commerce.Ordr' });
    assert.equal(issue.file, 'policies/tester.yaml');
    assert.equal(issue.role, 'tester');
    assert.equal(issue.rule, 0);
    assert.equal(issue.path, 'rules[0].subject');
    assert.match(issue.message, /unknown subject "commerce\.Ordr"; did you mean "commerce\.Order"/);
  });

  test('an unknown field lists the subject fields', () => {
    const [issue] = one({ action: 'read', subject: 'identity.User', fields: ['mail'] });
    assert.equal(issue.path, 'rules[0].fields');
    assert.match(issue.message, /unknown field "mail" on "identity\.User"; fields: id, name, email/);
  });

  test('an unknown classification token is rejected', () => {
    assert.match(
      one({ action: 'read', subject: 'identity.User', fields: ['@secret'] })[0].message,
      /unknown classification "@secret"; classifications: @public/,
    );
  });

  test('an unknown action, and an action that does not apply to the subject kind', () => {
    assert.match(one({ action: 'fly', subject: 'identity.User' })[0].message, /unknown action "fly"; actions: read, create/);
    const [issue] = one({ action: 'train', subject: 'identity.User' });
    assert.match(issue.message, /action "train" does not apply to "identity\.User" \(entity: read, create, update, delete, manage\)/);
  });

  test('an unknown condition operator lists the allowed ones', () => {
    const [issue] = one({ action: 'read', subject: 'identity.User', conditions: { country: { $regex: '^D' } } });
    assert.equal(issue.path, 'rules[0].conditions.country.$regex');
    assert.match(issue.message, /unknown operator "\$regex"; allowed: \$eq \$ne \$in \$nin \$lt \$lte \$gt \$gte \$and \$or \$not and plain equality/);
  });

  test('an unknown condition field and a list without $in are rejected', () => {
    assert.match(one({ action: 'read', subject: 'identity.User', conditions: { region: 'EU' } })[0].message, /unknown field "region"; fields: id, name/);
    assert.match(one({ action: 'read', subject: 'identity.User', conditions: { country: ['DE', 'FR'] } })[0].message, /use \$in for lists/);
  });

  test('a malformed placeholder is rejected', () => {
    const [issue] = one({ action: 'read', subject: 'identity.User', conditions: { id: '${user.sub' } });
    assert.match(issue.message, /is not a placeholder: use a whole value "\$\{user.sub\}"/);
    assert.match(one({ action: 'read', subject: 'identity.User', conditions: { id: 'u-${user.sub}' } })[0].message, /not a placeholder/);
  });

  test('a malformed subject pattern is rejected; a documented wildcard is accepted even when nothing matches yet', () => {
    assert.match(one({ action: 'read', subject: 'commerce.**.x' })[0].message, /must be a name, "\*" or a final "\*\*"/);
    assert.match(one({ action: 'read', subject: 'Order' })[0].message, /must be "all" or "<domain>.<name>"/);
    validatePolicies([{ role: 'tester', rules: [{ action: 'read', subject: ['*.model.*', 'commerce.**', '${user.domain}.cube.*'] }] }], catalog);
  });

  test('a condition on a wildcard must hold a field every matched subject has', () => {
    const [issue] = one({ action: 'read', subject: 'commerce.*', conditions: { userId: 'x' } });
    assert.match(issue.message, /unknown field "userId"; fields: id/);
  });

  test('an unknown inherited role and an inheritance cycle', () => {
    const missing = issuesOf([{ role: 'a', inherits: ['ghost'], rules: [] }]);
    assert.match(missing[0].message, /unknown role "ghost"; roles: a/);
    assert.equal(missing[0].file, 'policies/a.yaml');
    const cycle = issuesOf([
      { role: 'a', inherits: ['b'], rules: [] },
      { role: 'b', inherits: ['a'], rules: [] },
    ]);
    assert.ok(cycle.some((issue) => /inheritance cycle: a → b → a/.test(issue.message)));
  });

  test('unknown keys in a rule and every issue of a policy are reported together', () => {
    const issues = one({ action: 'read', subject: 'identity.User', field: ['email'], conditions: { nope: 1 } });
    assert.deepEqual(
      issues.map((i) => i.path),
      ['rules[0].field', 'rules[0].conditions.nope'],
    );
  });

  test('createPolicySet refuses an invalid set', () => {
    assert.throws(() => createPolicySet([{ role: 'x', rules: [{ action: 'read', subject: 'nope.Nope' }] }], catalog), PolicyError);
  });
});

describe('loadPolicyDirectory', () => {
  test('one role per file, named by the file; YAML errors name the file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mg-policies-'));
    await writeFile(path.join(dir, 'reader.yaml'), 'rules:\n  - action: read\n    subject: catalog.Item\n');
    const [loaded] = await loadPolicyDirectory(dir);
    assert.equal(loaded.file, path.join(dir, 'reader.yaml'));
    assert.deepEqual(loaded.policy, { role: 'reader', rules: [{ action: 'read', subject: 'catalog.Item' }] });

    await writeFile(path.join(dir, 'broken.yaml'), 'rules: [\n');
    await assert.rejects(loadPolicyDirectory(dir), (error: unknown) => error instanceof PolicyError && error.issues[0].file === path.join(dir, 'broken.yaml'));
  });

  test('a document naming another role than its file is rejected', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mg-policies-'));
    await writeFile(path.join(dir, 'reader.yaml'), 'role: writer\nrules: []\n');
    await assert.rejects(loadPolicyDirectory(dir), /says "writer" but the file is named for "reader"/);
  });
});
