/**
 * `orderBy` of `records` turned into sort keys, and the fields a filter
 * reads. The `where` grammar, page sizes, cursors and BAD_USER_INPUT errors
 * are the API's (src/api), one set of rules for every list; the default order
 * (event time, then event id) is the lake's own.
 */
import { badUserInput, type OrderByInput } from '../../api/index.ts';
import type { SortKey } from '../../sources/index.ts';
import type { DatasetRuntime } from '../datasets/index.ts';

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
