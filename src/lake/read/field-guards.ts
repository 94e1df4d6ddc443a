/**
 * Field-level access on lake records: a denied field resolves to null with a
 * FORBIDDEN error at its path; the rest of the record stands. Each field's
 * first read (or denial) per request is recorded in the access log.
 */
import type { GraphQLFieldResolver } from 'graphql';
import type { FieldAccess } from '../../policy/index.ts';
import type { Row } from '../../sources/index.ts';
import type { DatasetRuntime } from '../datasets/index.ts';
import { forbidden, lakeContext, ruleNames, touch, type LakeContext } from './access.ts';

const perRequest = new WeakMap<object, { access: Map<string, FieldAccess>; seen: Set<string> }>();

function stateOf(context: LakeContext) {
  let state = perRequest.get(context);
  if (!state) perRequest.set(context, (state = { access: new Map(), seen: new Set() }));
  return state;
}

export function fieldAccessOf(context: LakeContext, subject: string): FieldAccess {
  const state = stateOf(context);
  let access = state.access.get(subject);
  if (!access) state.access.set(subject, (access = context.access.fieldAccess('read', subject)));
  return access;
}

/** True when the field is readable on every row the row filter admits (filters, sorts and downloads need that). */
export function readableEverywhere(context: LakeContext, subject: string, field: string): boolean {
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
      const allowed = access.allowed(field.name) && (!access.needsRowCheck(field.name) || access.allowedOnRow(field.name, row));
      const rule = ruleNames([access.rule(field.name)]);
      note(context, runtime, field.name, allowed, rule);
      if (!allowed) throw forbidden(`Not allowed to read ${runtime.subject}.${field.name}${rule ? ` (rule ${rule})` : ''}.`, { subject: runtime.subject, field: field.name });
      return row[field.name];
    };
  }
  return guards;
}

function note(context: LakeContext, runtime: DatasetRuntime, field: string, allowed: boolean, rule: string | undefined): void {
  const state = stateOf(context);
  const id = `${runtime.subject}.${field}:${allowed}`;
  if (state.seen.has(id)) return;
  state.seen.add(id);
  const grant = allowed ? ruleNames(context.access.rowFilter('read', runtime.subject).rules) : rule;
  touch(context, { domain: runtime.domain, subject: runtime.subject, fields: [field], rows: 0, decision: allowed ? 'allow' : 'deny', ...(grant ? { rule: grant } : {}) });
}
