/**
 * explainAccess: why an actor may or may not do something, which rule
 * decided, and the filter that the decision compiles to (the lead renders it
 * as SQL or Mongo with the sources' compilers).
 */
import type { Filter } from '../sources/index.ts';
import { PolicyError } from './errors.ts';
import { isConst } from './filter.ts';
import { closestNames } from './validate.ts';
import type { Action, Actor, PolicyRule, PolicySet, RuleRef, SubjectCatalog } from './types.ts';

export interface ExplainInput {
  actor: Actor;
  subject: string;
  action: Action;
  /** A row to decide on; without it the answer is about the subject type (some rows). */
  resource?: Record<string, unknown>;
  field?: string;
}

export interface AccessExplanation {
  decision: 'allow' | 'deny';
  rule?: RuleRef & { rule: PolicyRule };
  reason: string;
  filter: Filter;
}

export function explainAccess(set: PolicySet, catalog: SubjectCatalog, input: ExplainInput): AccessExplanation {
  const info = catalog.get(input.subject);
  if (!info) throw inputError(input, 'subject', `unknown subject "${input.subject}"; ${closestNames(input.subject, [...catalog.keys()])}`);
  if (input.field !== undefined && !(input.field in info.fields)) {
    throw inputError(input, 'field', `unknown field "${input.field}" on "${input.subject}"; fields: ${Object.keys(info.fields).join(', ')}`);
  }
  const decider = set.forActor(input.actor);
  const filter =
    input.field === undefined ? decider.rowFilter(input.action, input.subject).filter : decider.fieldFilter(input.action, input.subject, input.field);
  const decided = decider.can(input.action, input.subject, input.field, input.resource);
  const rule = decided.rule ? { ...decided.rule, rule: set.policies.get(decided.rule.role)?.rules[decided.rule.index] as PolicyRule } : undefined;
  return { decision: decided.allowed ? 'allow' : 'deny', rule, reason: reasonFor(input, decided.allowed, decided.rule, filter), filter };
}

function reasonFor(input: ExplainInput, allowed: boolean, rule: RuleRef | undefined, filter: Filter): string {
  const what = `"${input.action}" on "${input.subject}"${input.field === undefined ? '' : ` field "${input.field}"`}`;
  const by = rule ? `rule #${rule.index} of role "${rule.role}"${rule.reason ? `: ${rule.reason}` : ''}` : '';
  if (allowed) {
    const scope = input.resource || isConst(filter, true) ? '' : ' on rows matching the filter';
    return `${what} allowed${scope} by ${by}`;
  }
  if (rule) return `${what} denied by inverted ${by}`;
  const roles = input.actor.roles.length > 0 ? input.actor.roles.join(', ') : '(none: anonymous)';
  return `${what} denied: no rule of roles ${roles} allows it${input.resource && !isConst(filter, false) ? ' on this row' : ''}`;
}

function inputError(input: ExplainInput, path: string, message: string): PolicyError {
  return new PolicyError([{ role: input.actor.roles.join(',') || 'anonymous', path, message }]);
}
