/**
 * Filters for DuckDB through the shared SQL compiler: `renderFilter` yields
 * PostgreSQL-dialect SQL whose every placeholder carries its cast
 * (`$1::text`, `$2::timestamptz[]`); DuckDB accepts that text as is (casts,
 * `COLLATE "C"`, `= ANY(list)`, `strpos`, `IS NOT TRUE`), and the casts tell
 * which DuckDB type to bind each value as. Values stay parameters.
 */
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { BOOLEAN, DOUBLE, INTEGER, LIST, listValue, TIMESTAMPTZ, timestampTZValue, VARCHAR } from '@duckdb/node-api';
import type { CollectionSpec, Filter, SortKey, Value } from '../../sources/index.ts';
import { renderFilter } from '../../sources/index.ts';

export interface DuckWhere {
  sql: string;
  values: DuckDBValue[];
  types: DuckDBType[];
}

const SCALARS: Record<string, DuckDBType> = {
  text: VARCHAR,
  integer: INTEGER,
  'double precision': DOUBLE,
  boolean: BOOLEAN,
  timestamptz: TIMESTAMPTZ,
};

export function duckWhere(spec: CollectionSpec, filter: Filter): DuckWhere {
  const rendered = renderFilter(spec, filter, 'postgres');
  if (rendered.kind !== 'sql') throw new Error('expected SQL from renderFilter');
  const casts = new Map<number, string>();
  for (const match of rendered.where.matchAll(/\$(\d+)::([a-z ]+?)(\[\])?(?=[^a-z ]|$)/g)) {
    casts.set(Number(match[1]), `${match[2]}${match[3] ?? ''}`);
  }
  const types: DuckDBType[] = [];
  const values: DuckDBValue[] = rendered.params.map((value, index) => {
    const cast = casts.get(index + 1);
    const scalar = cast === undefined ? undefined : SCALARS[cast.replace('[]', '')];
    if (cast === undefined || scalar === undefined) throw new Error(`no DuckDB type for parameter $${index + 1} (${cast})`);
    const isList = cast.endsWith('[]');
    types.push(isList ? LIST(scalar) : scalar);
    return isList ? listValue((value as unknown[]).map(duckParam)) : duckParam(value);
  });
  return { sql: rendered.where, values, types };
}

function duckParam(value: unknown): DuckDBValue {
  if (value instanceof Date) return timestampTZValue(BigInt(value.getTime()) * 1000n);
  return value as DuckDBValue;
}

/**
 * Rows strictly after the cursor in `orderBy` order, in the port's filter
 * language (NULL sorts first ascending, last descending):
 * OR over i of (k1 = v1 AND … AND k(i-1) = v(i-1) AND ki after vi).
 */
export function keysetAfter(orderBy: SortKey[], after: Value[]): Filter {
  const equal = (field: string, value: Value): Filter => ({ op: 'eq', field, value });
  const strictlyAfter = (key: SortKey, value: Value): Filter => {
    if (value === null) return key.direction === 'asc' ? { op: 'not', filter: { op: 'eq', field: key.field, value: null } } : { op: 'const', value: false };
    if (key.direction === 'asc') return { op: 'gt', field: key.field, value };
    return {
      op: 'or',
      filters: [
        { op: 'lt', field: key.field, value },
        { op: 'eq', field: key.field, value: null },
      ],
    };
  };
  return {
    op: 'or',
    filters: orderBy.map((key, index) => ({
      op: 'and',
      filters: [...orderBy.slice(0, index).map((earlier, position) => equal(earlier.field, after[position] ?? null)), strictlyAfter(key, after[index] ?? null)],
    })),
  };
}
