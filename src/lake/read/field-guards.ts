/**
 * Field-level access on lake records: a denied field resolves to null with a
 * FORBIDDEN error at its path; the rest of the record stands. Each field's
 * first read (or denial) per request is recorded in the access log.
 */
import type { GraphQLFieldResolver } from 'graphql';
import { forbidden, forbiddenField, readableOnRow, governedContext, ruleName, ruleNames, touch, type GovernedContext } from '../../governed/index.ts';
import type { FieldAccess } from '../../policy/index.ts';
import type { Row } from '../../sources/index.ts';
import type { DatasetRuntime } from '../datasets/index.ts';

const perRequest = new WeakMap<GovernedContext, { access: Map<string, FieldAccess>; seen: Set<string> }>();

/** The request's governed context; lake reads fail closed (FORBIDDEN) without one. */
export function lakeContext(context: unknown): GovernedContext {
  return governedContext(context, 'lake reads');
}

function stateOf(context: GovernedContext) {
  let state = perRequest.get(context);
  if (!state) {
    state = { access: new Map(), seen: new Set() };
    perRequest.set(context, state);
  }
  return state;
}

export function fieldAccessOf(context: GovernedContext, subject: string): FieldAccess {
  const state = stateOf(context);
  let access = state.access.get(subject);
  if (!access) {
    access = context.access.fieldAccess('read', subject);
    state.access.set(subject, access);
  }
  return access;
}

/** True when the field is readable on every row the row filter admits (filters, sorts and downloads need that). */
export function readableEverywhere(context: GovernedContext, subject: string, field: string): boolean {
  const access = fieldAccessOf(context, subject);
  return access.allowed(field) && !access.needsRowCheck(field);
}

export function recordFieldGuards(runtime: DatasetRuntime): Record<string, GraphQLFieldResolver<Row, unknown>> {
  const guards: Record<string, GraphQLFieldResolver<Row, unknown>> = {};
  for (const field of runtime.fields) {
    guards[field.name] = (row, _args, rawContext) => {
      const context = lakeContext(rawContext);
      if (field.name === runtime.idField) {
        note(context, runtime, field.name, true, undefined);
        return row[field.name];
      }
      const access = fieldAccessOf(context, runtime.subject);
      const allowed = readableOnRow(access, field.name, row);
      const rule = ruleName(access.rule(field.name));
      note(context, runtime, field.name, allowed, rule);
      if (!allowed) throw forbiddenField(runtime.subject, field.name, rule);
      return row[field.name];
    };
  }
  return guards;
}

function note(context: GovernedContext, runtime: DatasetRuntime, field: string, allowed: boolean, rule: string | undefined): void {
  const state = stateOf(context);
  const id = `${runtime.subject}.${field}:${allowed}`;
  if (state.seen.has(id)) return;
  state.seen.add(id);
  const grant = allowed ? ruleNames(context.access.rowFilter('read', runtime.subject).rules) : rule;
  touch(context, 'lake', 'read', {
    domain: runtime.domain,
    subject: runtime.subject,
    fields: [field],
    rows: 0,
    decision: allowed ? 'allow' : 'deny',
    ...(grant ? { rule: grant } : {}),
  });
}
