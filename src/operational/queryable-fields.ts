/**
 * The operational plane's guard against hidden-field oracles (src/governed
 * hidden-fields): a list's `where`, `orderBy` and `after` may name only
 * fields the caller may read on every row; the entity key always is.
 */
import { fieldUses, hiddenFieldError, hiddenUses, type QueryArguments } from '../governed/index.ts';
import { accessOf } from './access.ts';
import type { EntityRuntime } from './entity-runtime.ts';

/**
 * Throws FORBIDDEN (and records the denial) when a list's arguments name a
 * field the caller may not read on every row of `entity`.
 */
export function assertQueryableFields(context: unknown, entity: EntityRuntime, args: QueryArguments): void {
  // A cursor naming fields the entity lacks is not one of its cursors: decoding refuses it as BAD_USER_INPUT.
  const uses = fieldUses(args).filter((use) => use.argument !== 'after' || use.field in entity.descriptor.fields);
  if (uses.length === 0) return;
  const access = accessOf(context);
  const check = access.fieldCheck(entity.subject);
  const readable = (field: string) => field === entity.descriptor.key || (check.allowed(field) && !check.needsRowCheck(field));
  const hidden = hiddenUses(uses, readable);
  if (hidden.length === 0) return;
  const fields = [...new Set(hidden.map((use) => use.field))];
  const rule = fields.map((field) => check.ruleFor(field)).find((name) => name !== undefined);
  access.touch({ domain: entity.domain, subject: entity.subject, fields, rows: 0, decision: 'deny', ...(rule ? { rule } : {}) });
  throw hiddenFieldError(entity.subject, hidden, rule);
}
