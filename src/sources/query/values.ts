import type { FieldSpec } from '../port.ts';
import { UnsupportedFilterError } from '../port.ts';
import { assertNever } from '../../common/index.ts';

/** A non-null scalar a filter compares with: already checked against the field's type. */
export type ScalarValue = string | number | boolean | Date;

/**
 * Checks a filter value against the field type and normalises it (ISO strings
 * for DateTime become `Date`). A value of the wrong type fails closed, so an
 * object like `{ $gt: '' }` can never reach a store as an operator.
 */
export function scalarFilterValue(adapter: string, field: FieldSpec, value: unknown): ScalarValue {
  const fail = (): never => {
    throw new UnsupportedFilterError(adapter, `value ${describe(value)} does not fit ${field.type} field "${field.name}"`);
  };
  switch (field.type) {
    case 'ID':
    case 'String':
      return typeof value === 'string' ? value : fail();
    case 'Int':
      return Number.isInteger(value) ? (value as number) : fail();
    case 'Float':
      return typeof value === 'number' && Number.isFinite(value) ? value : fail();
    case 'Boolean':
      return typeof value === 'boolean' ? value : fail();
    case 'DateTime':
      return toDate(value) ?? fail();
    case 'JSON':
      return fail();
    default:
      return assertNever(field.type, 'field type');
  }
}

export function toDate(value: unknown): Date | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  return date !== undefined && !Number.isNaN(date.getTime()) ? date : undefined;
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return typeof value;
  }
}
