/**
 * `where`, `orderBy`, `first`, `after` of `records` turned into port terms.
 * Mirrors the operational plane's argument rules (BAD_USER_INPUT naming the
 * argument); cursors are opaque and signed by their order.
 */
import { GraphQLError } from 'graphql';
import type { Filter, SortKey, Value } from '../../sources/index.ts';
import type { DatasetRuntime } from '../datasets/index.ts';

export function badUserInput(message: string, argument: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
}

type WhereInput = Record<string, unknown>;
const COMPARISONS = new Set(['eq', 'ne', 'lt', 'lte', 'gt', 'gte']);

export function filterFromWhere(where: WhereInput | null | undefined, path = 'where'): Filter | undefined {
  if (where == null) return undefined;
  const filters: Filter[] = [];
  for (const [name, value] of Object.entries(where)) {
    if (value === undefined) continue;
    const at = `${path}.${name}`;
    if (name === 'and' || name === 'or') {
      const parts = ((value as WhereInput[] | null) ?? []).map((w, i) => filterFromWhere(w, `${at}[${i}]`) ?? { op: 'const' as const, value: true });
      filters.push({ op: name, filters: parts });
    } else if (name === 'not') {
      if (value === null) throw badUserInput(`${at} cannot be null`, at);
      filters.push({ op: 'not', filter: filterFromWhere(value as WhereInput, at) ?? { op: 'const', value: true } });
    } else filters.push(...fieldFilters(name, value as Record<string, unknown> | null, at));
  }
  if (filters.length === 0) return undefined;
  return filters.length === 1 ? filters[0] : { op: 'and', filters };
}

function fieldFilters(field: string, conditions: Record<string, unknown> | null, at: string): Filter[] {
  if (conditions === null) throw badUserInput(`${at} cannot be null; use { isNull: true }`, at);
  const out: Filter[] = [];
  for (const [op, value] of Object.entries(conditions)) {
    if (value === undefined) continue;
    if (value === null) throw badUserInput(`${at}.${op} cannot be null; use ${at}.isNull to match nulls`, `${at}.${op}`);
    if (op === 'isNull') {
      const isNull: Filter = { op: 'eq', field, value: null };
      out.push(value ? isNull : { op: 'not', filter: isNull });
    } else if (op === 'in') out.push({ op: 'in', field, values: value as Value[] });
    else if (op === 'contains') out.push({ op: 'contains', field, value: value as string });
    else if (COMPARISONS.has(op)) out.push({ op: op as 'eq', field, value: value as Value });
    else throw badUserInput(`${at}.${op} is not a filter operator`, `${at}.${op}`);
  }
  return out;
}

/** Field names a filter reads (for field-level access checks). */
export function filterFields(filter: Filter | undefined, into = new Set<string>()): Set<string> {
  if (!filter) return into;
  switch (filter.op) {
    case 'and':
    case 'or':
      filter.filters.forEach((item) => filterFields(item, into));
      return into;
    case 'not':
      return filterFields(filter.filter, into);
    case 'const':
      return into;
    default:
      into.add(filter.field);
      return into;
  }
}

export interface OrderByInput {
  field: string;
  direction?: 'ASC' | 'DESC' | null;
}

/** Default: event time ascending; the event id is always the last key so the order is total. */
export function sortKeysFrom(orderBy: OrderByInput[] | null | undefined, runtime: DatasetRuntime): SortKey[] {
  const items = orderBy && orderBy.length > 0 ? orderBy : [{ field: runtime.eventTimeField, direction: 'ASC' as const }];
  const keys: SortKey[] = [];
  for (const [i, item] of items.entries()) {
    if (keys.some((key) => key.field === item.field)) throw badUserInput(`orderBy[${i}] sorts on ${item.field} twice`, `orderBy[${i}]`);
    keys.push({ field: item.field, direction: item.direction === 'DESC' ? 'desc' : 'asc' });
  }
  if (!keys.some((key) => key.field === runtime.idField)) keys.push({ field: runtime.idField, direction: 'asc' });
  return keys;
}

export function pageSize(first: number | null | undefined, max: number): number {
  const size = first ?? Math.min(20, max);
  if (size < 0 || size > max) throw badUserInput(`first must be between 0 and ${max} (the maximum page size), got ${size}`, 'first');
  return size;
}

const signature = (orderBy: SortKey[]) => orderBy.map((k) => `${k.field}:${k.direction}`).join(',');

export function encodeCursor(row: Record<string, unknown>, orderBy: SortKey[]): string {
  const values = orderBy.map((k) => (row[k.field] instanceof Date ? { $d: (row[k.field] as Date).toISOString() } : row[k.field] ?? null));
  return Buffer.from(JSON.stringify({ s: signature(orderBy), v: values })).toString('base64url');
}

export function decodeCursor(cursor: string, orderBy: SortKey[]): Value[] {
  let parsed: { s?: unknown; v?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput('after is not a cursor this API issued', 'after');
  }
  if (parsed.s !== signature(orderBy) || !Array.isArray(parsed.v) || parsed.v.length !== orderBy.length) {
    throw badUserInput('after belongs to another order; pass the same orderBy as the page it came from', 'after');
  }
  return parsed.v.map((v: unknown) => (v && typeof v === 'object' && '$d' in v ? new Date(String(v.$d)) : (v as Value)));
}
