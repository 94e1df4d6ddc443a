/**
 * Client arguments (`where`, `orderBy`, `first`, `after`) turned into the
 * port's query terms. Every rejection is a BAD_USER_INPUT error naming the
 * argument and what is allowed.
 */
import { GraphQLError } from 'graphql';
import type { EntityDescriptor } from '../sdk/index.ts';
import type { Filter, SortKey, Value } from '../sources/index.ts';
import { containsNul, nulInputError } from './text-input.ts';

export function badUserInput(message: string, argument: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
}

type WhereInput = Record<string, unknown>;
const COMPARISONS = new Set(['eq', 'ne', 'lt', 'lte', 'gt', 'gte']);

/** `where` → a port filter; undefined when there is no condition. */
export function filterFromWhere(where: WhereInput | null | undefined, path = 'where'): Filter | undefined {
  if (where == null) return undefined;
  const filters: Filter[] = [];
  for (const [name, value] of Object.entries(where)) {
    if (value === undefined) continue;
    const at = `${path}.${name}`;
    if (name === 'and' || name === 'or') {
      const list = (value as WhereInput[] | null) ?? [];
      const parts = list.map((w, i) => filterFromWhere(w, `${at}[${i}]`) ?? { op: 'const' as const, value: true });
      filters.push({ op: name, filters: parts });
    } else if (name === 'not') {
      if (value === null) throw badUserInput(`${at} cannot be null`, at);
      filters.push({ op: 'not', filter: filterFromWhere(value as WhereInput, at) ?? { op: 'const', value: true } });
    } else {
      filters.push(...fieldFilters(name, value as Record<string, unknown> | null, at));
    }
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
    if (containsNul(value)) throw nulInputError(`${at}.${op}`);
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

export interface OrderByInput {
  field: string;
  direction?: 'ASC' | 'DESC' | null;
}

/** `orderBy` → sort keys, with the entity key appended so the order is total. */
export function sortKeysFrom(orderBy: OrderByInput[] | null | undefined, entity: EntityDescriptor): SortKey[] {
  const keys: SortKey[] = [];
  const seen = new Set<string>();
  for (const [i, item] of (orderBy ?? []).entries()) {
    if (seen.has(item.field)) throw badUserInput(`orderBy[${i}] sorts on ${item.field} twice`, `orderBy[${i}]`);
    seen.add(item.field);
    keys.push({ field: item.field, direction: item.direction === 'DESC' ? 'desc' : 'asc' });
  }
  if (!seen.has(entity.key)) keys.push({ field: entity.key, direction: 'asc' });
  return keys;
}

export const DEFAULT_PAGE_SIZE = 20;

/** Checks `first` against the maximum page size of the entity. */
export function pageSize(first: number | null | undefined, max: number, argument = 'first'): number {
  const size = first ?? Math.min(DEFAULT_PAGE_SIZE, max);
  if (size < 0 || size > max) {
    throw badUserInput(`${argument} must be between 0 and ${max} (the maximum page size), got ${size}`, argument);
  }
  return size;
}
