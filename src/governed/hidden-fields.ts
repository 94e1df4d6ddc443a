/**
 * Filtering, sorting and paging on a field the caller may not read would
 * turn the field into an oracle (`where: { email: { eq: … } }` tells whether
 * the address exists; `contains` and `orderBy` recover it letter by letter;
 * a cursor carries the sort values of its row). So every list refuses, with
 * FORBIDDEN and before any statement, a `where` (through `and`/`or`/`not`),
 * an `orderBy` or an `after` cursor that names a field not readable on every
 * row the row filter admits: a field readable only on some rows (a rule with
 * conditions) counts as hidden. The planes decide readability (an entity's
 * key, a dataset's id are always readable with their row); this module finds
 * the uses and words the refusal, the same for every plane.
 */
import type { GraphQLError } from 'graphql';
import { cursorSortFields } from '../api/index.ts';
import { forbidden } from './forbidden.ts';

/** One field a list argument reads, and where in the arguments it is named (`where.and[0].email`, `orderBy[1]`, `after`). */
export interface FieldUse {
  field: string;
  argument: string;
}

export interface QueryArguments {
  where?: Record<string, unknown> | null;
  orderBy?: readonly { field: string }[] | null;
  after?: string | null;
}

const COMBINATORS = new Set(['and', 'or', 'not']);

/** Every field the arguments filter, sort or page on, in argument order. An unreadable cursor names nothing (it is refused later). */
export function fieldUses(args: QueryArguments): FieldUse[] {
  const uses: FieldUse[] = [];
  const pending: { where: unknown; path: string }[] = [{ where: args.where, path: 'where' }];
  // Iterative (a queue): the depth of `where` is bounded by the gateway, but this walk must not rely on it.
  for (let next = 0; next < pending.length; next++) {
    const { where, path } = pending[next]!;
    if (where === null || typeof where !== 'object') continue;
    if (Array.isArray(where)) {
      where.forEach((item, i) => {
        pending.push({ where: item, path: `${path}[${i}]` });
      });
      continue;
    }
    for (const [name, value] of Object.entries(where)) {
      if (value === undefined) continue;
      if (COMBINATORS.has(name)) pending.push({ where: value, path: `${path}.${name}` });
      else uses.push({ field: name, argument: `${path}.${name}` });
    }
  }
  for (const [i, item] of (args.orderBy ?? []).entries()) uses.push({ field: item.field, argument: `orderBy[${i}]` });
  for (const field of args.after ? (cursorSortFields(args.after) ?? []) : []) uses.push({ field, argument: 'after' });
  return uses;
}

/** The uses of fields that are not `readable` (on every row). */
export function hiddenUses(uses: readonly FieldUse[], readable: (field: string) => boolean): FieldUse[] {
  return uses.filter((use) => !readable(use.field));
}

/**
 * The refusal: FORBIDDEN naming each hidden field with the argument that
 * named it; `extensions.field` and `extensions.argument` are the first one.
 */
export function hiddenFieldError(subject: string, hidden: readonly FieldUse[], rule?: string): GraphQLError {
  const named = hidden.map((use) => `${subject}.${use.field} (${use.argument})`);
  return forbidden(`Not allowed to filter, sort or page on ${[...new Set(named)].join(', ')}: not readable on every row.`, {
    subject,
    field: hidden[0]!.field,
    argument: hidden[0]!.argument,
    ...(rule ? { rule } : {}),
  });
}
