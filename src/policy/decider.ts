/**
 * An actor's access decisions: the union of its roles' abilities (a role
 * cannot take away what another role grants; within a role, and across its
 * inheritance, CASL's precedence applies). Filters are exact: a row passes
 * a role's filter if and only if CASL's `can` on that row says yes.
 */
import { subject as tagSubject, type Rule } from '@casl/ability';
import type { Filter } from '../sources/index.ts';
import { DENY_ALL, andFilters, evaluateFilter, isConst, notFilter, orFilters, sameFilter } from './filter.ts';
import type { CompiledRule, RoleAbility } from './role-ability.ts';
import type { AccessDecider, Action, Actor, FieldAccess, RuleRef } from './types.ts';

type AnyRule = Rule<any, any>;

export function createDecider(actor: Actor, roles: RoleAbility[]): AccessDecider {
  const rowFilters = new Map<string, { filter: Filter; rules: RuleRef[] }>();
  const rowFilter = (action: Action, subject: string) => {
    const key = `${action} ${subject}`;
    let cached = rowFilters.get(key);
    if (!cached) {
      cached = unionFilter(roles, action, subject);
      rowFilters.set(key, cached);
    }
    return cached;
  };
  return {
    actor,
    rowFilter,
    fieldFilter: (action, subject, field) => unionFilter(roles, action, subject, field).filter,
    fieldAccess: (action, subject) => fieldAccessFor(roles, action, subject, rowFilter(action, subject).filter),
    can: (action, subject, field, row) => decide(roles, action, subject, field, row),
  };
}

/** CASL's decision list folded into one filter: the highest-priority matching rule decides. */
export function foldRules(rules: AnyRule[], compiled: Map<object, CompiledRule>): { filter: Filter; rules: RuleRef[] } {
  const reachable: CompiledRule[] = [];
  for (const rule of rules) {
    const entry = compiled.get(rule.origin) as CompiledRule;
    reachable.push(entry);
    if (isConst(entry.filter, true)) break;
  }
  let filter: Filter = DENY_ALL;
  for (const entry of [...reachable].reverse()) {
    filter = entry.ref.inverted ? andFilters([notFilter(entry.filter), filter]) : orFilters([entry.filter, filter]);
  }
  return { filter, rules: reachable.map((entry) => entry.ref) };
}

function unionFilter(roles: RoleAbility[], action: Action, subject: string, field?: string) {
  const parts = roles.map((role) => foldRules(role.ability.rulesFor(action, subject, field), role.compiled));
  return { filter: orFilters(parts.map((p) => p.filter)), rules: dedupe(parts.flatMap((p) => p.rules)) };
}

function fieldAccessFor(roles: RoleAbility[], action: Action, subject: string, rowFilter: Filter): FieldAccess {
  const filters = new Map<string, Filter>();
  const fieldFilter = (field: string) => {
    let filter = filters.get(field);
    if (!filter) {
      filter = unionFilter(roles, action, subject, field).filter;
      filters.set(field, filter);
    }
    return filter;
  };
  return {
    allowed: (field) => !isConst(fieldFilter(field), false),
    needsRowCheck: (field) => {
      const filter = fieldFilter(field);
      return !isConst(filter, true) && !isConst(filter, false) && !sameFilter(filter, rowFilter);
    },
    allowedOnRow: (field, row) => evaluateFilter(fieldFilter(field), row),
    rule: (field) => decide(roles, action, subject, field).rule,
  };
}

function decide(roles: RoleAbility[], action: Action, subject: string, field?: string, row?: Record<string, unknown>) {
  let denial: RuleRef | undefined;
  for (const role of roles) {
    const rule = row ? role.ability.relevantRuleFor(action, tagSubject(subject, { ...row }), field) : typeLevelRule(role, action, subject, field);
    const ref = rule ? role.compiled.get(rule.origin)?.ref : undefined;
    if (ref && !ref.inverted) return { allowed: true, rule: ref };
    denial ??= ref;
  }
  return { allowed: false, rule: denial };
}

/** Type level: allowed when some row could be; the rule is the highest-priority allowing one. */
function typeLevelRule(role: RoleAbility, action: Action, subject: string, field?: string): AnyRule | undefined {
  const rules = role.ability.rulesFor(action, subject, field);
  const { filter } = foldRules(rules, role.compiled);
  if (isConst(filter, false)) return rules.find((rule) => rule.inverted);
  return rules.find((rule) => !rule.inverted);
}

function dedupe(refs: RuleRef[]): RuleRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = JSON.stringify([ref.role, ref.index]);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
