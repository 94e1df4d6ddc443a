/**
 * Validation of a whole set of role policies against the subject catalog.
 * Every problem is collected (not just the first) and names the file, the
 * role, the rule and what exists instead.
 */
import { conditionIssues, isPlainObject, type FieldTypes } from './conditions.ts';
import { PolicyError, type PolicyIssue } from './errors.ts';
import { expandSubjectPattern, parseSubjectPattern } from './subject-patterns.ts';
import { ACTIONS, type Action, type PolicyRule, type RolePolicy, type SubjectCatalog, type SubjectInfo } from './types.ts';

const ROLE_NAME = /^[a-z][a-z0-9-]*$/;
const RULE_KEYS = new Set(['action', 'subject', 'fields', 'conditions', 'inverted', 'reason']);
const ROLE_KEYS = new Set(['role', 'description', 'inherits', 'budget', 'rules']);
/** The largest `budget:` a role may set: far above any page-limited read, below float precision trouble. */
export const MAX_COST_BUDGET = 1_000_000_000;
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'pii'];

export interface ValidateOptions {
  /** The file each role came from, for messages. */
  files?: ReadonlyMap<string, string>;
}

/** Throws PolicyError listing every issue; returns normally when the set is valid. */
export function validatePolicies(policies: readonly RolePolicy[], catalog: SubjectCatalog, options: ValidateOptions = {}): void {
  const issues = policyIssues(policies, catalog);
  if (issues.length > 0) {
    throw new PolicyError(issues.map((issue) => ({ ...issue, file: options.files?.get(issue.role) })));
  }
}

export function policyIssues(policies: readonly RolePolicy[], catalog: SubjectCatalog): PolicyIssue[] {
  const roles = new Map<string, RolePolicy>();
  const issues: PolicyIssue[] = [];
  for (const policy of policies) {
    const role = typeof policy?.role === 'string' ? policy.role : '?';
    if (roles.has(role)) issues.push({ role, path: 'role', message: `role "${role}" is defined twice` });
    roles.set(role, policy);
    issues.push(...roleIssues(policy, catalog).map((issue) => ({ role, ...issue })));
  }
  issues.push(...inheritanceIssues(roles));
  return issues;
}

type RoleIssue = Omit<PolicyIssue, 'role'>;

function roleIssues(policy: RolePolicy, catalog: SubjectCatalog): RoleIssue[] {
  if (!isPlainObject(policy)) return [{ path: '', message: 'a role policy must be an object' }];
  const issues: RoleIssue[] = unknownKeys(policy, ROLE_KEYS, '');
  if (typeof policy.role !== 'string' || !ROLE_NAME.test(policy.role)) {
    issues.push({ path: 'role', message: 'must be a lower-case name like "app-user"' });
  }
  if (policy.inherits !== undefined && !isStringList(policy.inherits)) issues.push({ path: 'inherits', message: 'must be a list of role names' });
  if (policy.budget !== undefined && !(Number.isInteger(policy.budget) && policy.budget >= 1 && policy.budget <= MAX_COST_BUDGET)) {
    issues.push({
      path: 'budget',
      message: `must be an integer from 1 to ${MAX_COST_BUDGET} (the most a request may cost), got ${JSON.stringify(policy.budget)}`,
    });
  }
  if (!Array.isArray(policy.rules)) return [...issues, { path: 'rules', message: 'must be a list (empty for no access)' }];
  policy.rules.forEach((rule, index) => {
    issues.push(...ruleIssues(rule, catalog).map((issue) => ({ ...issue, rule: index, path: `rules[${index}]${issue.path}` })));
  });
  return issues;
}

function ruleIssues(rule: PolicyRule, catalog: SubjectCatalog): { path: string; message: string }[] {
  if (!isPlainObject(rule)) return [{ path: '', message: 'a rule must be an object' }];
  const issues = unknownKeys(rule, RULE_KEYS, '');
  const actions = asList(rule.action);
  if (actions.length === 0) issues.push({ path: '.action', message: `is required; actions: ${ACTIONS.join(', ')}` });
  for (const action of actions) {
    if (!ACTIONS.includes(action as Action)) issues.push({ path: '.action', message: `unknown action "${String(action)}"; actions: ${ACTIONS.join(', ')}` });
  }
  if (rule.inverted !== undefined && typeof rule.inverted !== 'boolean') issues.push({ path: '.inverted', message: 'must be true or false' });
  if (rule.reason !== undefined && typeof rule.reason !== 'string') issues.push({ path: '.reason', message: 'must be a string' });
  if (rule.fields !== undefined && (!isStringList(rule.fields) || rule.fields.length === 0)) {
    issues.push({ path: '.fields', message: 'must be a non-empty list of field names (omit it for every field)' });
  }
  const subjects = asList(rule.subject);
  if (subjects.length === 0) issues.push({ path: '.subject', message: 'is required: a subject, a list of subjects, a wildcard or "all"' });
  for (const subject of subjects) issues.push(...subjectIssues(rule, String(subject), actions.filter(isAction), catalog));
  return issues;
}

function subjectIssues(rule: PolicyRule, subject: string, actions: Action[], catalog: SubjectCatalog): { path: string; message: string }[] {
  const pattern = parseSubjectPattern(subject);
  if (pattern.kind === 'invalid') return [{ path: '.subject', message: pattern.message }];
  if (pattern.kind === 'exact' && !catalog.has(subject)) {
    return [{ path: '.subject', message: `unknown subject "${subject}"; ${closestNames(subject, [...catalog.keys()])}` }];
  }
  const templated = pattern.kind === 'wildcard' && pattern.domain.kind === 'claim';
  const matched = expandSubjectPattern(pattern, catalog).map((name) => catalog.get(name) as SubjectInfo);
  const issues: { path: string; message: string }[] = [];
  for (const action of actions) {
    if (matched.length > 0 && !matched.some((info) => info.actions.includes(action))) {
      const kinds = [...new Set(matched.map((info) => `${info.kind}: ${info.actions.join(', ')}`))].join('; ');
      issues.push({ path: '.action', message: `action "${action}" does not apply to "${subject}" (${kinds})` });
    }
  }
  if (templated || matched.length === 0) {
    if (rule.conditions !== undefined) issues.push(...conditionIssues(rule.conditions, everyField(catalog)).map((i) => ({ ...i, path: `.${i.path}` })));
    return issues;
  }
  issues.push(...fieldIssues(rule.fields, subject, matched));
  if (rule.conditions !== undefined) issues.push(...conditionIssues(rule.conditions, commonFields(matched)).map((i) => ({ ...i, path: `.${i.path}` })));
  return issues;
}

function fieldIssues(fields: unknown, subject: string, matched: SubjectInfo[]): { path: string; message: string }[] {
  if (!isStringList(fields)) return [];
  const issues: { path: string; message: string }[] = [];
  for (const field of fields) {
    if (field.startsWith('@')) {
      if (!CLASSIFICATIONS.includes(field.slice(1)))
        issues.push({ path: '.fields', message: `unknown classification "${field}"; classifications: ${CLASSIFICATIONS.map((c) => `@${c}`).join(', ')}` });
    } else if (!matched.some((info) => field in info.fields)) {
      const known = [...new Set(matched.flatMap((info) => Object.keys(info.fields)))];
      issues.push({ path: '.fields', message: `unknown field "${field}" on "${subject}"; fields: ${known.join(', ') || '(none)'}` });
    }
  }
  return issues;
}

/** Fields every matched subject has: a condition must be meaningful on each subject the rule covers. */
function commonFields(matched: SubjectInfo[]): FieldTypes {
  const [first, ...rest] = matched;
  return Object.fromEntries(Object.entries(first.fields).filter(([name]) => rest.every((info) => name in info.fields)));
}

/** For subjects known only per actor (templated domains): any field some subject has. */
function everyField(catalog: SubjectCatalog): FieldTypes {
  return Object.assign({}, ...[...catalog.values()].map((info) => info.fields));
}

function inheritanceIssues(roles: ReadonlyMap<string, RolePolicy>): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  for (const [role, policy] of roles) {
    for (const parent of isStringList(policy.inherits) ? policy.inherits : []) {
      if (!roles.has(parent)) issues.push({ role, path: 'inherits', message: `unknown role "${parent}"; roles: ${[...roles.keys()].join(', ')}` });
    }
    const cycle = findCycle(role, roles, [role]);
    if (cycle) issues.push({ role, path: 'inherits', message: `inheritance cycle: ${cycle.join(' → ')}` });
  }
  return issues;
}

function findCycle(start: string, roles: ReadonlyMap<string, RolePolicy>, path: string[]): string[] | undefined {
  const parents = roles.get(path.at(-1) as string)?.inherits;
  for (const parent of isStringList(parents) ? parents : []) {
    if (parent === start) return [...path, parent];
    if (path.includes(parent) || !roles.has(parent)) continue;
    const cycle = findCycle(start, roles, [...path, parent]);
    if (cycle) return cycle;
  }
  return undefined;
}

function unknownKeys(value: Record<string, unknown>, known: Set<string>, path: string): { path: string; message: string }[] {
  return Object.keys(value)
    .filter((key) => !known.has(key))
    .map((key) => ({ path: `${path}.${key}`, message: `unknown key "${key}"; keys: ${[...known].join(', ')}` }));
}

/** "did you mean" for a mistyped name, or the whole list when it is short. */
export function closestNames(name: string, known: string[]): string {
  const ranked = known.map((k) => ({ k, d: editDistance(name.toLowerCase(), k.toLowerCase()) })).sort((a, b) => a.d - b.d);
  const close = ranked.filter((r) => r.d <= Math.max(2, Math.floor(name.length / 3))).slice(0, 3);
  if (close.length > 0) return `did you mean ${close.map((r) => `"${r.k}"`).join(' or ')}? subjects: ${known.join(', ')}`;
  return `subjects: ${known.join(', ')}`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function asList(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isAction(value: unknown): value is Action {
  return ACTIONS.includes(value as Action);
}
