/**
 * What the operational plane needs from access control, per request: the
 * row filter a policy allows, field checks, and a place to record what was
 * read. The gateway puts an implementation on the request context as
 * `operationalAccess`; without one every read fails closed.
 */
import { GraphQLError } from 'graphql';
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

export interface ReadTouch {
  domain: string;
  subject: string;
  fields: string[];
  rows: number;
  decision: 'allow' | 'deny' | 'partial';
  rule?: string;
}

export interface OperationalAccess {
  /** The filter rows must satisfy to be read; `{ op: 'const', value: false }` when none may be. */
  rowFilter(subject: string): { filter: Filter; rule?: string };
  fieldCheck(subject: string): FieldCheck;
  touch(read: ReadTouch): void;
}

export function accessOf(context: unknown): OperationalAccess {
  const access = (context as { operationalAccess?: OperationalAccess } | null)?.operationalAccess;
  if (!access) {
    throw new GraphQLError('No access context for this request; reads fail closed.', { extensions: { code: 'FORBIDDEN' } });
  }
  return access;
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

export function forbiddenField(subject: string, field: string, rule: string | undefined): GraphQLError {
  return new GraphQLError(`Not allowed to read ${subject}.${field}${rule ? ` (rule ${rule})` : ''}.`, {
    extensions: { code: 'FORBIDDEN', subject, field, ...(rule ? { rule } : {}) },
  });
}
