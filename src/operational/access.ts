/**
 * What the operational plane needs from access control, per request: the
 * row filter a policy allows, field checks, and a place to record what was
 * read. It is derived from the request's governed context (no context, no
 * reads: FORBIDDEN) and memoised per context object, so per-row field checks
 * cost a map lookup.
 */
import { governedContext, ruleName, ruleNames, touch, type GovernedContext, type Touch } from '../governed/index.ts';
import type { FieldAccess } from '../policy/index.ts';
import type { Filter, Row } from '../sources/index.ts';

export interface FieldCheck {
  /** False when no rule lets the actor see the field on any row. */
  allowed(field: string): boolean;
  /** True when the field's permission depends on the row (a rule with conditions). */
  needsRowCheck(field: string): boolean;
  allowedOnRow(field: string, row: Row): boolean;
  /** The rule (e.g. `support#2`) that decided a denied field, for errors and the log. */
  ruleFor(field: string): string | undefined;
}

export interface OperationalAccess {
  /** The filter rows must satisfy to be read; `{ op: 'const', value: false }` when none may be. */
  rowFilter(subject: string): { filter: Filter; rule?: string };
  fieldCheck(subject: string): FieldCheck;
  touch(read: Touch): void;
}

const perRequest = new WeakMap<GovernedContext, OperationalAccess>();

/** The request's operational view of its governed context; FORBIDDEN without one. */
export function accessOf(context: unknown): OperationalAccess {
  const governed = governedContext(context);
  let access = perRequest.get(governed);
  if (!access) {
    access = operationalAccess(governed);
    perRequest.set(governed, access);
  }
  return access;
}

function operationalAccess(context: GovernedContext): OperationalAccess {
  const filters = new Map<string, ReturnType<OperationalAccess['rowFilter']>>();
  const checks = new Map<string, FieldCheck>();
  const access: OperationalAccess = {
    rowFilter(subject) {
      let decided = filters.get(subject);
      if (!decided) {
        const { filter, rules } = context.access.rowFilter('read', subject);
        decided = { filter, rule: ruleNames(rules) };
        filters.set(subject, decided);
      }
      return decided;
    },
    fieldCheck(subject) {
      let check = checks.get(subject);
      if (!check) {
        check = memoisedFieldCheck(context.access.fieldAccess('read', subject));
        checks.set(subject, check);
      }
      return check;
    },
    touch(read) {
      // Allowed reads are attributed to the rules that granted the rows, so rows and fields merge into one entry.
      const rule = read.decision === 'allow' ? access.rowFilter(read.subject).rule : read.rule;
      touch(context, 'operational', 'read', { ...read, rule });
    },
  };
  return access;
}

function memoisedFieldCheck(access: FieldAccess): FieldCheck {
  const allowed = new Map<string, boolean>();
  return {
    allowed(field) {
      let decided = allowed.get(field);
      if (decided === undefined) {
        decided = access.allowed(field);
        allowed.set(field, decided);
      }
      return decided;
    },
    needsRowCheck: (field) => access.needsRowCheck(field),
    allowedOnRow: (field, row) => access.allowedOnRow(field, row),
    ruleFor: (field) => ruleName(access.rule(field)),
  };
}

/** Conjunction that drops absent and always-true parts. */
export function andFilters(...parts: (Filter | undefined)[]): Filter | undefined {
  const present = parts.filter((f): f is Filter => f !== undefined && !(f.op === 'const' && f.value));
  if (present.some((f) => f.op === 'const' && !f.value)) return { op: 'const', value: false };
  if (present.length <= 1) return present[0];
  return { op: 'and', filters: present };
}

/** True when the filter can match no row at all (no permission). */
export function deniesEverything(filter: Filter | undefined): boolean {
  return filter?.op === 'const' && !filter.value;
}
