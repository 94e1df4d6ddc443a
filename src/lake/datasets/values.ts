/**
 * Per-type value checks: each returns the JSON-safe normalised value or
 * `undefined` when the value does not have the type.
 */
import type { FieldType } from '../../sdk/index.ts';
import type { JsonValue } from './types.ts';
import { assertNever } from '../../common/index.ts';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
/** Date and time with seconds optional, fractions optional, and an explicit offset (Z or ±hh:mm). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

export const TYPE_EXPECTATIONS: Readonly<Record<FieldType, string>> = {
  ID: 'a string (or an integer) id',
  String: 'a string',
  Int: 'an integer between -2^31 and 2^31-1',
  Float: 'a finite number',
  Boolean: 'true or false',
  DateTime: 'an ISO-8601 date-time with a time zone, e.g. 2025-01-31T12:00:00Z',
  JSON: 'any JSON value',
};

export function normaliseScalar(type: FieldType, value: unknown): JsonValue | undefined {
  switch (type) {
    case 'ID':
      if (typeof value === 'string') return value;
      return Number.isSafeInteger(value) ? String(value) : undefined;
    case 'String':
      return typeof value === 'string' ? value : undefined;
    case 'Int':
      return Number.isInteger(value) && (value as number) >= INT_MIN && (value as number) <= INT_MAX ? (value as number) : undefined;
    case 'Float':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'Boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'DateTime':
      return normaliseDateTime(value);
    case 'JSON':
      return isJsonValue(value) ? value : undefined;
    default:
      return assertNever(type, 'field type');
  }
}

/** ISO-8601 UTC with milliseconds; out-of-range parts (month 13, Feb 30) are wrong, not rolled over. */
export function normaliseDateTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value)) return undefined;
  const time = Date.parse(value);
  if (!Number.isFinite(time)) return undefined;
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  return new Date(time).toISOString();
}

function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  if (depth > 64) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (isPlainObject(value)) return Object.values(value).every((item) => isJsonValue(item, depth + 1));
  return false;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
