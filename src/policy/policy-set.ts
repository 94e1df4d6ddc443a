/**
 * A validated, compiled set of role policies. Abilities are built per role
 * and per value of the claims that role's rules use, and cached, so the
 * per-request cost is a map lookup.
 */
import { createDecider } from './decider.ts';
import { claimsIn, claimValue } from './placeholders.ts';
import { buildRoleAbility, flattenRules, type RoleAbility } from './role-ability.ts';
import type { AccessDecider, Actor, PolicySet, RolePolicy, SubjectCatalog } from './types.ts';
import { validatePolicies, type ValidateOptions } from './validate.ts';

export interface PolicySetOptions extends ValidateOptions {
  /** The role of an actor without roles; default `anonymous` (which, undefined, grants nothing). */
  anonymousRole?: string;
  /** Cached role abilities before the cache is cleared; default 2000. */
  cacheSize?: number;
}

export function createPolicySet(policies: readonly RolePolicy[], catalog: SubjectCatalog, options: PolicySetOptions = {}): PolicySet {
  validatePolicies(policies, catalog, options);
  const byRole = new Map(policies.map((policy) => [policy.role, policy]));
  const anonymousRole = options.anonymousRole ?? 'anonymous';
  const cacheSize = options.cacheSize ?? 2000;
  const claimsByRole = new Map([...byRole.keys()].map((role) => [role, [...claimsOfRole(role, byRole)].sort()]));
  const cache = new Map<string, RoleAbility>();

  const roleAbility = (role: string, actor: Actor): RoleAbility => {
    const claims = claimsByRole.get(role) ?? [];
    const key = JSON.stringify([role, ...claims.map((claim) => claimValue(actor, claim) ?? null)]);
    let ability = cache.get(key);
    if (!ability) {
      if (cache.size >= cacheSize) cache.clear();
      ability = buildRoleAbility(role, byRole, catalog, actor);
      cache.set(key, ability);
    }
    return ability;
  };

  return {
    policies: byRole,
    catalog,
    forActor(actor: Actor): AccessDecider {
      const roles = actor.roles.length > 0 ? [...new Set(actor.roles)] : [anonymousRole];
      return createDecider(
        actor,
        roles.filter((role) => byRole.has(role)).map((role) => roleAbility(role, actor)),
      );
    },
    costBudget(actor: Actor): number | undefined {
      const roles = actor.roles.length > 0 ? [...new Set(actor.roles)] : [anonymousRole];
      const budgets = roles.map((role) => roleBudget(role, byRole, new Set())).filter((b): b is number => b !== undefined);
      return budgets.length > 0 ? Math.max(...budgets) : undefined;
    },
  };
}

/** A role's own budget, else the largest of its parents' (validation has refused inheritance cycles; `seen` guards anyway). */
function roleBudget(role: string, policies: ReadonlyMap<string, RolePolicy>, seen: Set<string>): number | undefined {
  const policy = policies.get(role);
  if (!policy || seen.has(role)) return undefined;
  if (policy.budget !== undefined) return policy.budget;
  seen.add(role);
  const inherited = (policy.inherits ?? []).map((parent) => roleBudget(parent, policies, seen)).filter((b): b is number => b !== undefined);
  return inherited.length > 0 ? Math.max(...inherited) : undefined;
}

/** Claims a role's rules (inherited ones included) read, in conditions and subject templates. */
function claimsOfRole(role: string, policies: ReadonlyMap<string, RolePolicy>): Set<string> {
  const claims = new Set<string>();
  for (const { rule } of flattenRules(role, policies)) {
    claimsIn(rule.conditions, claims);
    for (const subject of Array.isArray(rule.subject) ? rule.subject : [rule.subject]) {
      claimsIn(subject.split('.')[0] === '${user' ? subject.slice(0, subject.indexOf('}') + 1) : subject.split('.')[0], claims);
    }
  }
  return claims;
}
