/**
 * policyDiff: what replacing the policies would newly allow or deny for an
 * actor holding one role, before the change is applied. Per (subject,
 * action) it compares the row filters and the fields allowed at type level.
 * Placeholders stay symbolic: the actor's claims are the placeholders
 * themselves, so `userId = "${user.sub}"` shows as such. Implication between
 * filters is decided structurally (adding a rule widens, adding an inverted
 * rule narrows); when it cannot be decided, both directions are reported.
 * Known limit: a field whose row condition changes (but stays allowed on
 * some rows) is reported through the rows, not the fields.
 */
import type { Filter } from '../sources/index.ts';
import { andFilters, isConst, notFilter, orFilters, sameFilter } from './filter.ts';
import { createPolicySet } from './policy-set.ts';
import type { AccessDecider, Action, Actor, RolePolicy, SubjectCatalog, SubjectInfo } from './types.ts';

export type DiffChange = 'newly allowed' | 'rows widened' | 'fields added' | 'newly denied' | 'rows narrowed' | 'fields removed';

export interface DiffEntry {
  subject: string;
  action: Action;
  change: DiffChange;
  /** The fields concerned: for row changes, those allowed on the rows; for field changes, the fields added or removed. */
  fields: string[] | 'all';
  /** The rows concerned: newly allowed (after and not before) or newly denied (before and not after). */
  rows: Filter | 'all' | 'none';
}

export interface PolicyDiff {
  allows: DiffEntry[];
  denies: DiffEntry[];
}

export function policyDiff(
  catalog: SubjectCatalog,
  before: readonly RolePolicy[],
  after: readonly RolePolicy[],
  role: string,
  options: { claims?: Record<string, unknown> } = {},
): PolicyDiff {
  const actor = symbolicActor(role, options.claims ?? {});
  const was = createPolicySet(before, catalog, { anonymousRole: role }).forActor(actor);
  const will = createPolicySet(after, catalog, { anonymousRole: role }).forActor(actor);
  const diff: PolicyDiff = { allows: [], denies: [] };
  for (const info of catalog.values()) {
    for (const action of info.actions.filter((a) => a !== 'manage')) compareAccess(diff, info, action, was, will);
  }
  return diff;
}

function compareAccess(diff: PolicyDiff, info: SubjectInfo, action: Action, was: AccessDecider, will: AccessDecider): void {
  const before = was.rowFilter(action, info.subject).filter;
  const after = will.rowFilter(action, info.subject).filter;
  const fieldsBefore = allowedFields(was, action, info, before);
  const fieldsAfter = allowedFields(will, action, info, after);
  const entry = (change: DiffChange, fields: string[], rows: Filter): DiffEntry => ({
    subject: info.subject,
    action,
    change,
    fields: fields.length === Object.keys(info.fields).length ? 'all' : fields,
    rows: rowsOf(rows),
  });
  if (!sameFilter(before, after)) {
    if (!implies(after, before)) diff.allows.push(entry(isConst(before, false) ? 'newly allowed' : 'rows widened', fieldsAfter, difference(after, before)));
    if (!implies(before, after)) diff.denies.push(entry(isConst(after, false) ? 'newly denied' : 'rows narrowed', fieldsBefore, difference(before, after)));
  }
  if (isConst(before, false) || isConst(after, false)) return;
  const added = fieldsAfter.filter((f) => !fieldsBefore.includes(f));
  const removed = fieldsBefore.filter((f) => !fieldsAfter.includes(f));
  if (added.length > 0) diff.allows.push(entry('fields added', added, after));
  if (removed.length > 0) diff.denies.push(entry('fields removed', removed, before));
}

/** Rows in `a` but not in `b`, leaving out the alternatives of `a` that `b` already covers. */
function difference(a: Filter, b: Filter): Filter {
  const rest = a.op === 'or' ? orFilters(a.filters.filter((part) => !implies(part, b))) : a;
  return andFilters([rest, notFilter(b)]);
}

function allowedFields(decider: AccessDecider, action: Action, info: SubjectInfo, rows: Filter): string[] {
  if (isConst(rows, false)) return [];
  const access = decider.fieldAccess(action, info.subject);
  return Object.keys(info.fields).filter((field) => access.allowed(field));
}

function rowsOf(filter: Filter): Filter | 'all' | 'none' {
  return isConst(filter, true) ? 'all' : isConst(filter, false) ? 'none' : filter;
}

/** Whether every row passing `a` passes `b`, as far as the structure shows (false when unsure). */
export function implies(a: Filter, b: Filter): boolean {
  if (isConst(a, false) || isConst(b, true) || sameFilter(a, b)) return true;
  if (a.op === 'or') return a.filters.every((part) => implies(part, b));
  if (b.op === 'and') return b.filters.every((part) => implies(a, part));
  if (b.op === 'or' && b.filters.some((part) => implies(a, part))) return true;
  if (a.op === 'and' && a.filters.some((part) => implies(part, b))) return true;
  return false;
}

/** An actor whose claims are their own placeholders, so compiled filters stay readable. */
function symbolicActor(role: string, claims: Record<string, unknown>): Actor {
  const symbolic = new Proxy(claims, {
    get: (target, name) => (typeof name === 'string' && !(name in target) ? `\${user.${name}}` : target[name as string]),
  });
  return { sub: (claims.sub as string | undefined) ?? '${user.sub}', roles: [role], claims: symbolic };
}
