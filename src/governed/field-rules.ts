import type { FieldAccess } from '../policy/index.ts';

/** The field checks every plane applies at resolution (the policy's FieldAccess, or a memoised view of it). */
export type FieldReadCheck = Pick<FieldAccess, 'allowed' | 'needsRowCheck' | 'allowedOnRow'>;

/** Whether the caller may read `field` on this row: allowed at all, and by a rule whose conditions the row meets. */
export function readableOnRow(check: FieldReadCheck, field: string, row: Record<string, unknown>): boolean {
  return check.allowed(field) && (!check.needsRowCheck(field) || check.allowedOnRow(field, row));
}
