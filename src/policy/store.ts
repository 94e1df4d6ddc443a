/**
 * The versioned policy store in the platform database. Every change is a new
 * row `(role, version)`; the newest version of each role is in force.
 *
 * Baseline rule: at start, a YAML baseline role becomes version 1 only when
 * the role has no stored version. Later edits of a baseline file do not
 * override stored versions (the database is the source of truth once
 * seeded); apply them with putPolicy.
 *
 * Changes are serialised by one advisory lock, validated as a whole set,
 * committed with `NOTIFY meshgate_policy, '<role>:<version>'`, and every
 * store (every gateway) reloads on the notification.
 */
import type { Logger } from '../observability/index.ts';
import type { PlatformDatabase } from '../sources/index.ts';
import { PolicyConflictError, PolicyNotFoundError } from './errors.ts';
import { createPolicySet, type PolicySetOptions } from './policy-set.ts';
import { CREATE_TABLE, POLICY_CHANNEL, insertVersion, latestVersions, lockPolicyWrites, roleHistory, roleVersion, toRolePolicy } from './store-sql.ts';
import type { PolicySet, PolicyVersion, RolePolicy, SubjectCatalog } from './types.ts';

export interface PolicyStoreOptions {
  baseline: readonly RolePolicy[];
  catalog: SubjectCatalog;
  /** Called with the new set after every change, local or from another gateway. */
  onChange?: (set: PolicySet) => void;
  /** Called when a reload fails (the previous set stays in force); default: logged as an error. */
  onError?: (error: unknown) => void;
  logger?: Logger;
  setOptions?: Omit<PolicySetOptions, 'files'>;
}

export interface PolicyChange {
  comment?: string | null;
}

export interface PolicyStore {
  /** The in-memory compiled set, kept fresh by LISTEN/NOTIFY. */
  current(): PolicySet;
  list(): Promise<PolicyVersion[]>;
  get(role: string): Promise<PolicyVersion | null>;
  history(role: string): Promise<PolicyVersion[]>;
  /** Validates the whole resulting set first; nothing changes on failure. */
  put(role: string, next: Omit<RolePolicy, 'role'>, expectedVersion: number, author: string | null, change?: PolicyChange): Promise<PolicyVersion>;
  /** A new version whose document is that of `version`. */
  rollback(role: string, version: number, author: string | null, change?: PolicyChange): Promise<PolicyVersion>;
  close(): Promise<void>;
}

export async function createPolicyStore(db: PlatformDatabase, options: PolicyStoreOptions): Promise<PolicyStore> {
  await db.query(CREATE_TABLE);
  await seedBaseline(db, options.baseline);
  const buildSet = (policies: RolePolicy[]) => createPolicySet(policies, options.catalog, options.setOptions);
  const build = (versions: PolicyVersion[]) => buildSet(versions.map(toRolePolicy));
  let set = build(await latestVersions(db));
  let reloading = Promise.resolve();
  const reload = () => {
    reloading = reloading.then(async () => {
      try {
        set = build(await latestVersions(db));
        options.onChange?.(set);
      } catch (error) {
        if (options.onError) options.onError(error);
        else options.logger?.error({ err: error }, 'policy reload failed; the previous policies stay in force');
      }
    });
    return reloading;
  };
  const unlisten = await db.listen(POLICY_CHANNEL, () => void reload());

  const write = async (role: string, next: Omit<RolePolicy, 'role'>, expectedVersion: number, author: string | null, comment: string | null) => {
    const written = await db.transaction(async (tx) => {
      await lockPolicyWrites(tx);
      const latest = await latestVersions(tx);
      const current = latest.find((v) => v.role === role)?.version ?? 0;
      if (current !== expectedVersion) throw new PolicyConflictError(role, expectedVersion, current);
      const policy: RolePolicy = { ...next, role };
      buildSet([...latest.filter((v) => v.role !== role).map(toRolePolicy), policy]);
      const version = await insertVersion(tx, policy, current + 1, author, comment);
      await tx.query('SELECT pg_notify($1, $2)', [POLICY_CHANNEL, `${role}:${version.version}`]);
      return version;
    });
    await reload();
    return written;
  };

  return {
    current: () => set,
    list: () => latestVersions(db),
    get: async (role) => (await latestVersions(db)).find((v) => v.role === role) ?? null,
    history: (role) => roleHistory(db, role),
    put: (role, next, expectedVersion, author, change) => write(role, next, expectedVersion, author, change?.comment ?? null),
    async rollback(role, version, author, change) {
      const target = await roleVersion(db, role, version);
      if (!target) throw new PolicyNotFoundError(`policy "${role}" has no version ${version}`);
      const current = (await roleHistory(db, role))[0].version;
      const { role: _role, ...document } = toRolePolicy(target);
      return write(role, document, current, author, change?.comment ?? `rollback to version ${version}`);
    },
    async close() {
      await unlisten();
      await reloading;
    },
  };
}

/** Baseline roles without any stored version become version 1, in one locked transaction. */
async function seedBaseline(db: PlatformDatabase, baseline: readonly RolePolicy[]): Promise<void> {
  await db.transaction(async (tx) => {
    await lockPolicyWrites(tx);
    const stored = new Set((await latestVersions(tx)).map((v) => v.role));
    for (const policy of baseline) {
      if (!stored.has(policy.role)) await insertVersion(tx, policy, 1, null, 'baseline');
    }
  });
}
