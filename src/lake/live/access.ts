/**
 * Policies on live streams. A stream has no store to push a filter into, so
 * the subscriber's policy row filter (`rowFilter('read', subject)`) is
 * evaluated in memory on each event with `evaluateFilter`, which has the
 * stores' exact semantics (NULLs included); its `where` likewise. Field rules
 * apply when a field resolves: a denied field is null with FORBIDDEN at its
 * path. No `read` at all refuses the subscription; so does a `where` on a
 * field the subscriber may not read on every row (it would leak the field).
 * Each subscription leaves one access touch, at subscribe.
 */
import {
  fieldUses,
  forbidden,
  forbiddenField,
  governedContext,
  hiddenFieldError,
  hiddenUses,
  readableOnRow,
  ruleName,
  ruleNames,
  touch,
  type GovernedContext,
  type QueryArguments,
} from '../../governed/index.ts';
import { evaluateFilter, type FieldAccess } from '../../policy/index.ts';
import type { Filter, Row } from '../../sources/index.ts';
import type { DatasetRuntime, NormalisedEvent } from '../datasets/index.ts';
import type { EventSelector } from './hub.ts';

/** What a subscriber receives per event: the typed row and its field rules. */
export interface LivePayload {
  row: Row;
  fields: FieldAccess;
}

export interface SubscriptionGrant {
  rowFilter: Filter;
  fields: FieldAccess;
}

/** The subscriber's governed context; live streams fail closed (FORBIDDEN) without one. */
export function liveContext(context: unknown): GovernedContext {
  return governedContext(context, 'live streams');
}

/** Decides a subscription (throws FORBIDDEN when refused) and records the decision. */
export function authoriseSubscription(context: GovernedContext, runtime: DatasetRuntime, input: QueryArguments['where']): SubscriptionGrant {
  const { subject, domain } = runtime;
  const { filter, rules } = context.access.rowFilter('read', subject);
  const rule = ruleNames(rules);
  const deny = (message: string): never => {
    touch(context, 'lake', 'read', { domain, subject, fields: [], rows: 0, decision: 'deny', ...(rule ? { rule } : {}) });
    throw forbidden(message, { subject });
  };
  if (filter.op === 'const' && !filter.value) deny(`Not allowed to read ${subject}.`);
  const fields = context.access.fieldAccess('read', subject);
  const hidden = hiddenUses(fieldUses({ where: input }), (field) => fields.allowed(field) && !fields.needsRowCheck(field));
  if (hidden.length > 0) {
    touch(context, 'lake', 'read', {
      domain,
      subject,
      fields: [...new Set(hidden.map((use) => use.field))],
      rows: 0,
      decision: 'deny',
      ...(rule ? { rule } : {}),
    });
    throw hiddenFieldError(subject, hidden, rule);
  }
  const readable = runtime.fields.filter((field) => field.name === runtime.idField || fields.allowed(field.name)).map((field) => field.name);
  const decision = readable.length === runtime.fields.length ? 'allow' : 'partial';
  touch(context, 'lake', 'read', { domain, subject, fields: readable, rows: 0, decision, ...(rule ? { rule } : {}) });
  return { rowFilter: filter, fields };
}

const typedRows = new WeakMap<NormalisedEvent, Row>();

/** The record with DateTime values as Dates (the port's value types, which policy filters and `where` compare with); one per event. */
export function typedRow(runtime: DatasetRuntime, event: NormalisedEvent): Row {
  let row = typedRows.get(event);
  if (!row) {
    row = { ...event.record };
    for (const field of runtime.fields) {
      const value = row[field.name];
      if (field.type !== 'DateTime' || value === null || value === undefined) continue;
      row[field.name] = Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? new Date(v) : v)) : new Date(value as string);
    }
    typedRows.set(event, row);
  }
  return row;
}

export function eventSelector(runtime: DatasetRuntime, grant: SubscriptionGrant, where: Filter | undefined): EventSelector<LivePayload> {
  return (event) => {
    const row = typedRow(runtime, event);
    if (!evaluateFilter(grant.rowFilter, row)) return undefined;
    if (where && !evaluateFilter(where, row)) return undefined;
    return { row, fields: grant.fields };
  };
}

/** The value of one event field, or FORBIDDEN when the subscriber may not read it on this row. */
export function guardedField(runtime: DatasetRuntime, field: string, payload: LivePayload): unknown {
  if (field === runtime.idField) return payload.row[field];
  const { fields } = payload;
  if (!readableOnRow(fields, field, payload.row)) throw forbiddenField(runtime.subject, field, ruleName(fields.rule(field)));
  return payload.row[field];
}
