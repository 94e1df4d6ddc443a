/**
 * Field-level access on entity rows: a denied field resolves to null with a
 * FORBIDDEN error at its path; the rest of the response stands. The first
 * read (or denial) of each field per request and subject is recorded for the
 * access log: allowed fields as `allow`, denied ones as `deny` with the rule.
 */
import type { GraphQLFieldResolver } from 'graphql';
import { forbiddenField, readableOnRow } from '../governed/index.ts';
import type { Row } from '../sources/index.ts';
import { accessOf } from './access.ts';
import type { EntityRuntime } from './entity-runtime.ts';

const fieldsSeen = new WeakMap<object, Set<string>>();

/** Resolvers for an entity's scalar fields (the key is readable whenever its row is). */
export function fieldGuards(entity: EntityRuntime): Record<string, GraphQLFieldResolver<Row, unknown>> {
  const guards: Record<string, GraphQLFieldResolver<Row, unknown>> = {};
  for (const field of entity.fieldNames) {
    guards[field] = field === entity.descriptor.key ? keyField(entity, field) : guardedField(entity, field);
  }
  return guards;
}

/** Throws FORBIDDEN when the actor may not read `field` of this row. */
export function assertFieldReadable(context: unknown, entity: EntityRuntime, field: string, row: Row): void {
  const access = accessOf(context);
  const check = access.fieldCheck(entity.subject);
  const allowed = readableOnRow(check, field, row);
  noteField(context, entity, field, allowed, check.ruleFor(field));
  if (!allowed) throw forbiddenField(entity.subject, field, check.ruleFor(field));
}

function keyField(entity: EntityRuntime, field: string): GraphQLFieldResolver<Row, unknown> {
  return (row, _args, context) => {
    noteField(context, entity, field, true, undefined);
    return row[field];
  };
}

function guardedField(entity: EntityRuntime, field: string): GraphQLFieldResolver<Row, unknown> {
  return (row, _args, context) => {
    assertFieldReadable(context, entity, field, row);
    return row[field];
  };
}

function noteField(context: unknown, entity: EntityRuntime, field: string, allowed: boolean, rule: string | undefined): void {
  if (typeof context !== 'object' || context === null) return;
  let seen = fieldsSeen.get(context);
  if (!seen) {
    seen = new Set();
    fieldsSeen.set(context, seen);
  }
  const id = `${entity.subject}.${field}:${allowed}`;
  if (seen.has(id)) return;
  seen.add(id);
  accessOf(context).touch({
    domain: entity.domain,
    subject: entity.subject,
    fields: [field],
    rows: 0,
    decision: allowed ? 'allow' : 'deny',
    rule: allowed ? undefined : rule,
  });
}
