/**
 * The versioned policy store's contract, run on embedded PGlite and on
 * PostgreSQL: versions, optimistic concurrency, validation without partial
 * change, rollback, history, and every store converging on a change
 * within a second through LISTEN/NOTIFY.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  PolicyConflictError,
  PolicyError,
  PolicyNotFoundError,
  createPolicyStore,
  type PolicySet,
  type PolicyStore,
  type RolePolicy,
  type SubjectCatalog,
} from '../../../src/policy/index.ts';
import type { PlatformDatabase } from '../../../src/sources/index.ts';
import { actor, demoBaseline, demoCatalog } from '../../unit/policy/fixtures.ts';

export interface StoreHarness {
  /** Two handles on one fresh database, as two gateways would have. */
  first: PlatformDatabase;
  second: PlatformDatabase;
  cleanup(): Promise<void>;
}

const READ_ORDERS = { action: 'read' as const, subject: 'commerce.Order' };

export function runPolicyStoreContract(name: string, open: () => Promise<StoreHarness>): void {
  describe(`policy store on ${name}`, () => {
    let harness: StoreHarness;
    let catalog: SubjectCatalog;
    let baseline: RolePolicy[];
    let store: PolicyStore;
    let other: PolicyStore;
    const otherChanges: PolicySet[] = [];

    before(async () => {
      harness = await open();
      catalog = await demoCatalog();
      baseline = await demoBaseline();
      store = await createPolicyStore(harness.first, { baseline, catalog });
      other = await createPolicyStore(harness.second, { baseline, catalog, onChange: (set) => otherChanges.push(set) });
    });
    after(async () => {
      await store?.close();
      await other?.close();
      await harness?.cleanup();
    });

    test('each baseline role becomes version 1 once; a changed baseline file does not override stored versions', async () => {
      const list = await store.list();
      assert.deepEqual(
        list.map((v) => [v.role, v.version, v.comment]),
        baseline.map((p) => [p.role, 1, 'baseline']).sort(),
      );
      const changed = baseline.map((p) => (p.role === 'analyst' ? { ...p, rules: [] } : p));
      const third = await createPolicyStore(harness.first, { baseline: changed, catalog });
      assert.deepEqual(
        (await third.history('analyst')).map((v) => v.version),
        [1],
      );
      assert.notDeepEqual((await third.get('analyst'))?.rules, []);
      await third.close();
    });

    test('put creates the next version, in force at once, with author and comment', async () => {
      const version = await store.put('analyst', { description: 'orders only', rules: [READ_ORDERS] }, 1, 'alice', { comment: 'narrow' });
      assert.deepEqual([version.role, version.version, version.author, version.comment], ['analyst', 2, 'alice', 'narrow']);
      assert.ok(version.createdAt instanceof Date);
      assert.deepEqual((await store.get('analyst'))?.rules, [READ_ORDERS]);
      const decider = store.current().forActor(actor(['analyst']));
      assert.deepEqual(decider.rowFilter('read', 'identity.User').filter, { op: 'const', value: false });
      assert.deepEqual(
        (await store.history('analyst')).map((v) => v.version),
        [2, 1],
      );
    });

    test('every other store converges within a second (LISTEN/NOTIFY)', async () => {
      const started = Date.now();
      await store.put('support', { rules: [READ_ORDERS] }, 1, 'alice');
      while (other.current().policies.get('support')?.rules.length !== 1) {
        assert.ok(Date.now() - started < 1000, 'the other store did not reload within 1 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.ok(otherChanges.some((set) => set.policies.get('support')?.rules.length === 1));
    });

    test('a stale expectedVersion is a CONFLICT saying the current version; nothing changes', async () => {
      await assert.rejects(store.put('analyst', { rules: [] }, 1, 'bob'), (error: unknown) => {
        assert.ok(error instanceof PolicyConflictError);
        assert.equal(error.code, 'CONFLICT');
        assert.equal(error.currentVersion, 2);
        return true;
      });
      assert.deepEqual(
        (await store.history('analyst')).map((v) => v.version),
        [2, 1],
      );
    });

    test('an invalid policy is rejected with the reason and changes nothing, inheritance checked over the whole set', async () => {
      const before = store.current();
      await assert.rejects(store.put('analyst', { rules: [{ action: 'read', subject: 'commerce.Ordr' }] }, 2, 'bob'), (error: unknown) => {
        assert.ok(error instanceof PolicyError);
        assert.match(error.issues[0].message, /unknown subject "commerce.Ordr"; did you mean "commerce.Order"/);
        return true;
      });
      await assert.rejects(store.put('catalog-reader', { inherits: ['app-user'], rules: [] }, 1, 'bob'), /inheritance cycle/);
      await assert.rejects(store.put('newcomer', { inherits: ['ghost'], rules: [] }, 0, 'bob'), /unknown role "ghost"/);
      assert.deepEqual(
        (await store.history('analyst')).map((v) => v.version),
        [2, 1],
      );
      assert.equal(await store.get('newcomer'), null);
      assert.equal(store.current(), before);
    });

    test('a new role starts from expectedVersion 0', async () => {
      const version = await store.put('auditor', { rules: [{ action: 'read', subject: 'platform.AuditLog' }] }, 0, 'alice');
      assert.equal(version.version, 1);
      assert.equal(
        store
          .current()
          .forActor(actor(['auditor']))
          .can('read', 'platform.AuditLog').allowed,
        true,
      );
    });

    test('rollback makes an earlier version current as a new version', async () => {
      const original = (await store.history('analyst')).at(-1)!;
      const rolled = await store.rollback('analyst', 1, 'carol');
      assert.deepEqual([rolled.version, rolled.author, rolled.comment], [3, 'carol', 'rollback to version 1']);
      assert.deepEqual(rolled.rules, original.rules);
      assert.equal(
        store
          .current()
          .forActor(actor(['analyst']))
          .can('read', 'identity.User').allowed,
        true,
      );
      await assert.rejects(store.rollback('analyst', 42, 'carol'), PolicyNotFoundError);
    });

    test('two racing puts on one version: one wins, the other is a CONFLICT', async () => {
      const current = (await store.get('app-user'))!.version;
      const results = await Promise.allSettled([
        store.put('app-user', { rules: [READ_ORDERS] }, current, 'a'),
        other.put('app-user', { rules: [] }, current, 'b'),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.ok(rejected.reason instanceof PolicyConflictError);
      assert.deepEqual(
        (await store.history('app-user')).map((v) => v.version),
        [current + 1, current],
      );
    });
  });
}
