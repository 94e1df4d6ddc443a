/**
 * Opaque keyset cursors: the sort values of a row plus a signature of the
 * sort order, so a cursor from another order is rejected, not misread.
 */
import type { Row, SortKey, Value } from '../sources/index.ts';
import { badUserInput } from './arguments.ts';

function signature(orderBy: SortKey[]): string {
  return orderBy.map((k) => `${k.field}:${k.direction}`).join(',');
}

export function encodeCursor(row: Row, orderBy: SortKey[]): string {
  const values = orderBy.map((k) => {
    const v = row[k.field];
    return v instanceof Date ? { $d: v.toISOString() } : v;
  });
  return Buffer.from(JSON.stringify({ s: signature(orderBy), v: values })).toString('base64url');
}

/** `isDateTime` says which sort fields hold DateTime values, restored as `Date`. */
export function decodeCursor(cursor: string, orderBy: SortKey[], isDateTime: (field: string) => boolean): Value[] {
  let parsed: { s?: unknown; v?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput('after is not a cursor this API issued', 'after');
  }
  if (parsed.s !== signature(orderBy) || !Array.isArray(parsed.v) || parsed.v.length !== orderBy.length) {
    throw badUserInput('after belongs to another filter order; pass the same orderBy as the page it came from', 'after');
  }
  return parsed.v.map((v: unknown, i: number) => restore(v, isDateTime(orderBy[i]!.field)));
}

function restore(value: unknown, dateTime: boolean): Value {
  if (dateTime && value && typeof value === 'object' && '$d' in value) return new Date(String(value.$d));
  return value as Value;
}

/**
 * The sort fields a cursor was issued for (from its signature), so they can
 * be checked against the caller's policy before the cursor is used; undefined
 * when the text is not a cursor of this API.
 */
export function cursorSortFields(cursor: string): string[] | undefined {
  try {
    const parsed: { s?: unknown } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed?.s !== 'string' || parsed.s === '') return undefined;
    return parsed.s.split(',').map((key) => key.slice(0, key.lastIndexOf(':')));
  } catch {
    return undefined;
  }
}
