/**
 * One page of records from a dataset's Parquet files with DuckDB: the filter
 * (client `where` AND policy row filter AND time range AND cursor) is pushed
 * into the scan, DuckDB prunes row groups by their statistics, and only
 * `limit` rows come back.
 */
import type { DuckDBInstance } from '@duckdb/node-api';
import type { CollectionSpec, Filter, Row, SortKey } from '../../sources/index.ts';
import type { DatasetRuntime } from '../datasets/index.ts';
import { quoteDuckIdent } from '../sink/index.ts';
import { duckWhere } from './duck-filter.ts';

export function collectionSpecOf(runtime: DatasetRuntime): CollectionSpec {
  return {
    name: runtime.qualifiedName,
    key: runtime.idField,
    fields: runtime.fields.map((field) => ({ name: field.name, column: field.name, type: field.type, list: field.list, nullable: field.nullable })),
  };
}

export interface ScanQuery {
  paths: string[];
  filter: Filter;
  orderBy: SortKey[];
  limit: number;
}

/** Returns rows keyed by field name, DateTime as Date, JSON parsed. */
export async function scanRecords(duck: DuckDBInstance, runtime: DatasetRuntime, query: ScanQuery): Promise<Row[]> {
  if (query.paths.length === 0 || query.limit <= 0) return [];
  const spec = collectionSpecOf(runtime);
  const where = duckWhere(spec, query.filter);
  const columns = runtime.fields.map((field) => `"t".${quoteDuckIdent(field.name)}`).join(', ');
  const files = query.paths.map((path) => `'${path.replaceAll("'", "''")}'`).join(', ');
  const order = query.orderBy.map((key) => `"t".${quoteDuckIdent(key.field)} ${key.direction === 'asc' ? 'ASC NULLS FIRST' : 'DESC NULLS LAST'}`).join(', ');
  const sql = `SELECT ${columns} FROM read_parquet([${files}], union_by_name = true) AS "t" WHERE ${where.sql} ORDER BY ${order} LIMIT ${Math.floor(query.limit)}`;
  const connection = await duck.connect();
  try {
    const reader = await connection.runAndReadAll(sql, where.values, where.types);
    return reader.getRowObjectsJS().map((raw) => decodeRow(runtime, raw));
  } finally {
    connection.closeSync();
  }
}

function decodeRow(runtime: DatasetRuntime, raw: Record<string, unknown>): Row {
  const row: Row = {};
  for (const field of runtime.fields) {
    const value = raw[field.name];
    row[field.name] = value === undefined || value === null ? null : decodeValue(field.type, value);
  }
  return row;
}

function decodeValue(type: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === null ? null : decodeValue(type, item)));
  if (type === 'JSON' && typeof value === 'string') return JSON.parse(value);
  if (typeof value === 'bigint') return Number(value);
  return value;
}
