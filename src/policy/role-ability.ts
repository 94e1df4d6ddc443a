/**
 * One role's CASL ability for one actor. The role's rules (inherited roles'
 * rules first, so the role's own rules take precedence, CASL's "later rule
 * wins") are expanded for the actor: subject patterns become catalog
 * subjects, `@classification` fields become field names, placeholders become
 * claim values, and conditions are compiled to Filters once. CASL then does
 * what it is good at: indexing rules by action, subject and field, and
 * ordering them by priority.
 */
import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import type { Filter } from '../sources/index.ts';
import { compileConditions } from './conditions.ts';
import { ALLOW_ALL, evaluateFilter, isConst } from './filter.ts';
import { substitutePlaceholders } from './placeholders.ts';
import { expandSubjectPattern, parseSubjectPattern } from './subject-patterns.ts';
import type { Actor, PolicyRule, RolePolicy, RuleRef, SubjectCatalog, SubjectInfo } from './types.ts';

export type PolicyAbility = MongoAbility;

/** What the expanded CASL rule came from, and its compiled condition. */
export interface CompiledRule {
  ref: RuleRef;
  source: PolicyRule;
  /** The row condition; `const true` when the rule has none. */
  filter: Filter;
}

type RawRule = RawRuleOf<PolicyAbility>;

export interface RoleAbility {
  role: string;
  ability: PolicyAbility;
  /** CASL keeps the raw rule object as `origin`; this maps it back. */
  compiled: Map<object, CompiledRule>;
}

/** Rules in precedence order (lowest first), each with the role that declared it. */
export function flattenRules(role: string, policies: ReadonlyMap<string, RolePolicy>): { rule: PolicyRule; ref: RuleRef }[] {
  const seen = new Set<string>();
  const out: { rule: PolicyRule; ref: RuleRef }[] = [];
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const policy = policies.get(name);
    if (!policy) return;
    for (const parent of policy.inherits ?? []) visit(parent);
    policy.rules.forEach((rule, index) => {
      out.push({ rule, ref: { role: name, index, reason: rule.reason, inverted: rule.inverted === true } });
    });
  };
  visit(role);
  return out;
}

export function buildRoleAbility(role: string, policies: ReadonlyMap<string, RolePolicy>, catalog: SubjectCatalog, actor: Actor): RoleAbility {
  const compiled = new Map<object, CompiledRule>();
  const raw: RawRule[] = [];
  for (const { rule, ref } of flattenRules(role, policies)) {
    for (const subject of ruleSubjects(rule, catalog, actor)) {
      const expanded = expandRule(rule, catalog.get(subject) as SubjectInfo, actor);
      if (!expanded) continue;
      raw.push(expanded.raw);
      compiled.set(expanded.raw, { ref, source: rule, filter: expanded.filter });
    }
  }
  const ability = createMongoAbility(raw, {
    conditionsMatcher: (conditions) => {
      const { filter } = conditions as unknown as { filter: Filter };
      return (row: Record<string, unknown>) => evaluateFilter(filter, row);
    },
  });
  return { role, ability, compiled };
}

function ruleSubjects(rule: PolicyRule, catalog: SubjectCatalog, actor: Actor): string[] {
  const subjects = new Set<string>();
  for (const text of Array.isArray(rule.subject) ? rule.subject : [rule.subject]) {
    const pattern = parseSubjectPattern(text);
    if (pattern.kind === 'invalid') continue;
    for (const subject of expandSubjectPattern(pattern, catalog, actor)) subjects.add(subject);
  }
  return [...subjects];
}

/**
 * The rule as CASL sees it for one subject, or undefined when it covers
 * nothing there: none of its fields exist on the subject, or (for an
 * allowing rule) a placeholder names a missing claim. An inverted rule with
 * a missing claim forbids unconditionally: fail closed.
 */
function expandRule(rule: PolicyRule, info: SubjectInfo, actor: Actor): { raw: RawRule; filter: Filter } | undefined {
  const fields = rule.fields === undefined ? undefined : expandFields(rule.fields, info);
  if (fields !== undefined && fields.length === 0) return undefined;
  const inverted = rule.inverted === true;
  let filter = ALLOW_ALL;
  if (rule.conditions !== undefined) {
    const { value, missing } = substitutePlaceholders(rule.conditions, actor);
    if (missing && !inverted) return undefined;
    if (!missing) filter = compileConditions(value as Record<string, unknown>, info.fields);
  }
  if (isConst(filter, false)) return undefined;
  const raw: RawRule = { action: rule.action, subject: info.subject, inverted, reason: rule.reason };
  if (fields) raw.fields = fields;
  if (!isConst(filter, true)) raw.conditions = { filter } as unknown as RawRule['conditions'];
  return { raw, filter };
}

/** `@pii` stands for every field of the subject classified pii; names the subject lacks are dropped. */
export function expandFields(fields: string[], info: SubjectInfo): string[] {
  const names = new Set<string>();
  for (const field of fields) {
    if (field.startsWith('@')) {
      const classification = field.slice(1);
      for (const [name, spec] of Object.entries(info.fields)) if (spec.classification.includes(classification)) names.add(name);
    } else if (field in info.fields) {
      names.add(field);
    }
  }
  return [...names];
}
