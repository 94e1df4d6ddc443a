/**
 * Filter building and in-memory evaluation, both in the port's Filter
 * language and with the port's NULL semantics (documented in
 * src/sources/port.ts), so that a row check in memory and the same filter
 * pushed into SQL or Mongo always agree.
 */
import type { Filter } from '../sources/index.ts';
import { assertNever } from '../common/index.ts';

export const ALLOW_ALL: Filter = { op: 'const', value: true };
export const DENY_ALL: Filter = { op: 'const', value: false };

export function isConst(filter: Filter, value: boolean): boolean {
  return filter.op === 'const' && filter.value === value;
}

export function andFilters(filters: Filter[]): Filter {
  const kept = filters.filter((f) => !isConst(f, true));
  if (kept.some((f) => isConst(f, false))) return DENY_ALL;
  if (kept.length === 0) return ALLOW_ALL;
  return kept.length === 1 ? kept[0] : { op: 'and', filters: kept.flatMap((f) => (f.op === 'and' ? f.filters : [f])) };
}

export function orFilters(filters: Filter[]): Filter {
  const kept = filters.filter((f) => !isConst(f, false));
  if (kept.some((f) => isConst(f, true))) return ALLOW_ALL;
  if (kept.length === 0) return DENY_ALL;
  return kept.length === 1 ? kept[0] : { op: 'or', filters: kept.flatMap((f) => (f.op === 'or' ? f.filters : [f])) };
}

export function notFilter(filter: Filter): Filter {
  if (filter.op === 'const') return { op: 'const', value: !filter.value };
  if (filter.op === 'not') return filter.filter;
  return { op: 'not', filter };
}

export function sameFilter(a: Filter, b: Filter): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether `row` passes `filter`; a missing field counts as NULL. */
export function evaluateFilter(filter: Filter, row: Record<string, unknown>): boolean {
  switch (filter.op) {
    case 'const':
      return filter.value;
    case 'and':
      return filter.filters.every((f) => evaluateFilter(f, row));
    case 'or':
      return filter.filters.some((f) => evaluateFilter(f, row));
    case 'not':
      return !evaluateFilter(filter.filter, row);
    case 'eq':
      return valueEquals(row[filter.field], filter.value);
    case 'ne':
      return !valueEquals(row[filter.field], filter.value);
    case 'in':
      return filter.values.some((value) => valueEquals(row[filter.field], value));
    case 'contains': {
      const value = row[filter.field];
      return typeof value === 'string' && value.includes(filter.value);
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return compareMatches(filter.op, row[filter.field], filter.value);
    default:
      return assertNever(filter, 'filter');
  }
}

function valueEquals(actual: unknown, expected: unknown): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (actual === null || actual === undefined) return false;
  if (actual instanceof Date && expected instanceof Date) return actual.getTime() === expected.getTime();
  return actual === expected;
}

function compareMatches(op: 'lt' | 'lte' | 'gt' | 'gte', actual: unknown, bound: unknown): boolean {
  const order = compareValues(actual, bound);
  if (order === undefined) return false;
  switch (op) {
    case 'lt':
      return order < 0;
    case 'lte':
      return order <= 0;
    case 'gt':
      return order > 0;
    case 'gte':
      return order >= 0;
    default:
      return assertNever(op, 'filter');
  }
}

/** Ordering of two non-null values of one type; undefined when they do not compare (NULL, mixed types). */
function compareValues(a: unknown, b: unknown): number | undefined {
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'string' && typeof b === 'string') return a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b));
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return undefined;
}
