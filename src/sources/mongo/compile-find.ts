import type { CollectionSpec, FieldSpec, FindByValuesQuery, FindQuery, Row, SortKey } from '../port.ts';
import { SourceError } from '../port.ts';
import { fieldNamed, projectedFields, sortFields } from '../query/fields.ts';
import { keysetFilter } from '../query/keyset.ts';
import type { ResolvedFilter } from '../query/resolve-filter.ts';
import { resolveFilter } from '../query/resolve-filter.ts';
import { scalarFilterValue } from '../query/values.ts';
import type { MongoFilter } from './compile-filter.ts';
import { compileMongoFilter, documentPath } from './compile-filter.ts';
import { fromDocument, projectionOf } from './documents.ts';

/** A `find` command's arguments, and how to turn its documents into the port's rows. */
export interface MongoRead {
  filter: MongoFilter;
  sort: Array<[string, 1 | -1]>;
  projection: Record<string, 0 | 1>;
  /** 0 means no limit, as in Mongo. */
  limit: number;
  toRows(docs: Array<Record<string, unknown>>): Row[];
}

export function compileMongoFind(adapter: string, spec: CollectionSpec, query: FindQuery): MongoRead {
  if (!Number.isInteger(query.limit) || query.limit < 0) {
    throw new SourceError(adapter, `limit must be a non-negative integer, got ${String(query.limit)}`, false);
  }
  const conditions: ResolvedFilter[] = [];
  if (query.where !== undefined) conditions.push(resolveFilter(adapter, spec, query.where));
  if (query.after !== undefined) conditions.push(keysetFilter(adapter, spec, query.orderBy, query.after));
  const fields = projectedFields(adapter, spec, query.fields, query.orderBy);
  return {
    filter: compileMongoFilter(spec, { kind: 'and', items: conditions }),
    sort: sortOf(adapter, spec, query.orderBy),
    projection: projectionOf(fields),
    limit: query.limit,
    toRows: (docs) => docs.map((doc) => fromDocument(fields, doc)),
  };
}

/**
 * One `find` with `$in` for any number of values. FerretDB v1 has no
 * `$setWindowFields`, so `limitPerValue` is applied here, after the store
 * has filtered and sorted: the only trimming done outside the store.
 * Undefined when there is nothing to look up.
 */
export function compileMongoFindByValues(adapter: string, spec: CollectionSpec, query: FindByValuesQuery): MongoRead | undefined {
  const field = fieldNamed(adapter, spec, query.field);
  if (field.list === true) throw new SourceError(adapter, `cannot look up rows by list field "${field.name}"`, false);
  const values = query.values.filter((value) => value !== null && value !== undefined);
  if (values.length === 0) return undefined;
  const match: ResolvedFilter = { kind: 'in', field, values: values.map((value) => scalarFilterValue(adapter, field, value)), includesNull: false };
  const conditions = query.where === undefined ? [match] : [match, resolveFilter(adapter, spec, query.where)];
  const fields = projectedFields(adapter, spec, [...query.fields, query.field], query.orderBy);
  return {
    filter: compileMongoFilter(spec, { kind: 'and', items: conditions }),
    sort: sortOf(adapter, spec, query.orderBy),
    projection: projectionOf(fields),
    limit: 0,
    toRows: (docs) =>
      firstPerValue(
        docs.map((doc) => fromDocument(fields, doc)),
        field,
        query.limitPerValue,
      ),
  };
}

function firstPerValue(rows: Row[], field: FieldSpec, limitPerValue: number | undefined): Row[] {
  if (limitPerValue === undefined) return rows;
  const seen = new Map<string, number>();
  return rows.filter((row) => {
    const value = row[field.name];
    const identity = value instanceof Date ? `d:${value.getTime()}` : `${typeof value}:${String(value)}`;
    const count = seen.get(identity) ?? 0;
    seen.set(identity, count + 1);
    return count < limitPerValue;
  });
}

/** Mongo sorts a missing or null value first ascending and last descending; SQL sorts the same way. */
function sortOf(adapter: string, spec: CollectionSpec, orderBy: SortKey[]): Array<[string, 1 | -1]> {
  return sortFields(adapter, spec, orderBy).map(({ field, direction }) => [documentPath(spec, field), direction === 'asc' ? 1 : -1]);
}
