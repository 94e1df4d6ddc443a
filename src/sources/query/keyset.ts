import type { CollectionSpec, SortKey, Value } from '../port.ts';
import { SourceError } from '../port.ts';
import { sortFields } from './fields.ts';
import type { ResolvedFilter } from './resolve-filter.ts';
import { NOTHING } from './resolve-filter.ts';
import { scalarFilterValue } from './values.ts';
import { assertNever } from '../../common/index.ts';

/**
 * Rows strictly after the cursor in `orderBy` order, as a filter both
 * compilers share. NULL sorts as the smallest value (Mongo's order; SQL sorts
 * with NULLS FIRST ascending and NULLS LAST descending to match), so a cursor
 * holding NULL in a nullable sort field still walks every row exactly once:
 * the chain is OR over i of (k1 = v1 AND … AND k(i-1) = v(i-1) AND ki after vi).
 */
export function keysetFilter(adapter: string, spec: CollectionSpec, orderBy: SortKey[], after: Value[]): ResolvedFilter {
  if (after.length !== orderBy.length) {
    throw new SourceError(adapter, `cursor has ${after.length} values for ${orderBy.length} sort keys`, false);
  }
  const sorts = sortFields(adapter, spec, orderBy);
  const cursor = sorts.map((sort, index) => cursorValue(adapter, sort.field, after[index]));
  const branches: ResolvedFilter[] = sorts.map((sort, index) => ({
    kind: 'and',
    items: [
      ...sorts.slice(0, index).map((earlier, position) => equalTo(earlier.field, cursor[position])),
      strictlyAfter(sort.field, sort.direction, cursor[index]),
    ],
  }));
  return { kind: 'or', items: branches };
}

type CursorValue = ReturnType<typeof scalarFilterValue> | null;
type Field = ReturnType<typeof sortFields>[number]['field'];

function cursorValue(adapter: string, field: Field, value: Value | undefined): CursorValue {
  if (value === null || value === undefined) return null;
  return scalarFilterValue(adapter, field, value);
}

function equalTo(field: Field, value: CursorValue): ResolvedFilter {
  return value === null ? { kind: 'isNull', field } : { kind: 'compare', op: 'eq', field, value };
}

function strictlyAfter(field: Field, direction: SortKey['direction'], value: CursorValue): ResolvedFilter {
  switch (direction) {
    case 'asc':
      return value === null ? { kind: 'not', item: { kind: 'isNull', field } } : { kind: 'compare', op: 'gt', field, value };
    case 'desc':
      return value === null
        ? NOTHING
        : {
            kind: 'or',
            items: [
              { kind: 'compare', op: 'lt', field, value },
              { kind: 'isNull', field },
            ],
          };
    default:
      return assertNever(direction, 'sort direction');
  }
}
