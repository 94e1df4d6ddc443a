/**
 * `where`, `orderBy`, `first`, `after` of `records` turned into port terms.
 * The filter grammar and page sizes are the operational plane's; the default
 * order (event time, then event id) and cursors are the lake's own.
 */
import { badUserInput } from '../../operational/index.ts';
import type { Filter, SortKey, Value } from '../../sources/index.ts';
import type { DatasetRuntime } from '../datasets/index.ts';

// The `where` grammar, page sizes and BAD_USER_INPUT errors are the operational plane's: one set of rules for every list.
export { badUserInput, filterFromWhere, pageSize } from '../../operational/index.ts';

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
