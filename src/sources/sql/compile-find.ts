import type { CollectionSpec, FieldSpec, FindByValuesQuery, FindQuery, Row, SortKey } from '../port.ts';
import { SourceError } from '../port.ts';
import { fieldNamed, projectedFields, sortFields } from '../query/fields.ts';
import { keysetFilter } from '../query/keyset.ts';
import type { ResolvedFilter } from '../query/resolve-filter.ts';
import { resolveFilter } from '../query/resolve-filter.ts';
import { scalarFilterValue } from '../query/values.ts';
import type { ColumnStrategy } from './column-strategy.ts';
import { compileSqlFilter } from './compile-filter.ts';
import { SqlParams } from './params.ts';
import { TABLE_ALIAS, quoteIdent, tableName } from './quote.ts';

/** A statement ready to run, and how to turn its rows into the port's rows. */
export interface CompiledRead {
  text: string;
  values: unknown[];
  decode(rows: Row[]): Row[];
}

const RANK = quoteIdent('__meshgate_rank');

export function compileFind(adapter: string, spec: CollectionSpec, query: FindQuery, strategy: ColumnStrategy): CompiledRead {
  const params = new SqlParams();
  const conditions: ResolvedFilter[] = [];
  if (query.where !== undefined) conditions.push(resolveFilter(adapter, spec, query.where));
  if (query.after !== undefined) conditions.push(keysetFilter(adapter, spec, query.orderBy, query.after));
  const fields = projectedFields(adapter, spec, query.fields, query.orderBy);
  const where = compileSqlFilter({ kind: 'and', items: conditions }, strategy, params);
  const order = orderByClause(adapter, spec, query.orderBy, strategy);
  const limit = params.add(checkedLimit(adapter, query.limit), 'integer');
  const text = `SELECT ${selectList(fields, strategy)} FROM ${tableName(spec)} AS ${TABLE_ALIAS} WHERE ${where}${order} LIMIT ${limit}`;
  return { text, values: params.values, decode: (rows) => decodeRows(rows, fields, strategy) };
}

/**
 * One statement for any number of values (`= ANY($n)`); with `limitPerValue`,
 * ROW_NUMBER() partitioned by the matched field keeps the first rows of each
 * value in `orderBy` order. Null values match nothing. Undefined when there
 * is nothing to look up (no statement needed).
 */
export function compileFindByValues(adapter: string, spec: CollectionSpec, query: FindByValuesQuery, strategy: ColumnStrategy): CompiledRead | undefined {
  const field = fieldNamed(adapter, spec, query.field);
  if (field.list === true) throw new SourceError(adapter, `cannot look up rows by list field "${field.name}"`, false);
  const values = query.values.filter((value) => value !== null && value !== undefined);
  if (values.length === 0) return undefined;
  const params = new SqlParams();
  const matchParam = params.add(
    values.map((value) => scalarFilterValue(adapter, field, value)),
    `${strategy.paramType(field)}[]`,
  );
  const conditions = [`${strategy.valueExpr(field)} = ANY(${matchParam})`];
  if (query.where !== undefined) conditions.push(compileSqlFilter(resolveFilter(adapter, spec, query.where), strategy, params));
  const fields = projectedFields(adapter, spec, [...query.fields, query.field], query.orderBy);
  const order = orderByClause(adapter, spec, query.orderBy, strategy);
  const source = `${tableName(spec)} AS ${TABLE_ALIAS} WHERE ${conditions.join(' AND ')}`;
  const select = `SELECT ${selectList(fields, strategy)} FROM`;
  const decode = (rows: Row[]): Row[] => decodeRows(rows, fields, strategy);
  if (query.limitPerValue === undefined) return { text: `${select} ${source}${order}`, values: params.values, decode };
  const limit = params.add(checkedLimit(adapter, query.limitPerValue), 'integer');
  const ranked = `SELECT ${TABLE_ALIAS}.*, ROW_NUMBER() OVER (PARTITION BY ${strategy.valueExpr(field)}${order}) AS ${RANK} FROM ${source}`;
  const text = `${select} (${ranked}) AS ${TABLE_ALIAS} WHERE ${RANK} <= ${limit}${order}`;
  return { text, values: params.values, decode };
}

/** NULL is the smallest value, as in Mongo: NULLS FIRST ascending, NULLS LAST descending. */
function orderByClause(adapter: string, spec: CollectionSpec, orderBy: SortKey[], strategy: ColumnStrategy): string {
  if (orderBy.length === 0) return '';
  const terms = sortFields(adapter, spec, orderBy).map(({ field, direction }) =>
    direction === 'asc' ? `${strategy.valueExpr(field)} ASC NULLS FIRST` : `${strategy.valueExpr(field)} DESC NULLS LAST`,
  );
  return ` ORDER BY ${terms.join(', ')}`;
}

function selectList(fields: FieldSpec[], strategy: ColumnStrategy): string {
  return fields.map((field) => `${strategy.selectExpr(field)} AS ${quoteIdent(field.name)}`).join(', ');
}

function decodeRows(rows: Row[], fields: FieldSpec[], strategy: ColumnStrategy): Row[] {
  return rows.map((raw) => {
    const row: Row = {};
    for (const field of fields) row[field.name] = strategy.decode(field, raw[field.name]);
    return row;
  });
}

export function checkedLimit(adapter: string, limit: number): number {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new SourceError(adapter, `limit must be a non-negative integer, got ${String(limit)}`, false);
  }
  return limit;
}
