/**
 * Typed Parquet from decoded events, through an in-process DuckDB: the
 * events go into a typed table with the appender, then `COPY … TO` a local
 * file (the httpfs extension is not available; the ObjectStore uploads it).
 * Columns: the dataset's fields in runtime order, then `_partition` and
 * `_offset` (where each event came from in the broker).
 */
import { randomUUID } from 'node:crypto';
import type { DuckDBAppender, DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { BOOLEAN, DOUBLE, INTEGER, LIST, listValue, TIMESTAMPTZ, timestampTZValue, VARCHAR } from '@duckdb/node-api';
import type { FieldType } from '../../sdk/index.ts';
import type { DatasetField, DatasetRuntime, EventRecord } from '../datasets/index.ts';
import { assertNever } from '../../common/index.ts';

export interface SinkRow {
  record: EventRecord;
  partition: number;
  offset: string;
}

export const PARTITION_COLUMN = '_partition';
export const OFFSET_COLUMN = '_offset';

export function duckScalarType(type: FieldType): string {
  switch (type) {
    case 'ID':
    case 'String':
    case 'JSON':
      return 'VARCHAR';
    case 'Int':
      return 'INTEGER';
    case 'Float':
      return 'DOUBLE';
    case 'Boolean':
      return 'BOOLEAN';
    case 'DateTime':
      return 'TIMESTAMPTZ';
    default:
      return assertNever(type, 'field type');
  }
}

export function duckColumnType(field: Pick<DatasetField, 'type' | 'list'>): string {
  const scalar = duckScalarType(field.type);
  return field.list ? `${scalar}[]` : scalar;
}

export function quoteDuckIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Writes `rows` as one ZSTD Parquet file at `path`. */
export async function writeParquet(connection: DuckDBConnection, runtime: DatasetRuntime, rows: SinkRow[], path: string): Promise<void> {
  const table = `sink_${randomUUID().replaceAll('-', '')}`;
  const columns = runtime.fields.map((field) => `${quoteDuckIdent(field.name)} ${duckColumnType(field)}`);
  await connection.run(`CREATE TABLE ${table} (${columns.join(', ')}, ${PARTITION_COLUMN} INTEGER, ${OFFSET_COLUMN} BIGINT)`);
  try {
    const appender = await connection.createAppender(table);
    for (const row of rows) appendRow(appender, runtime.fields, row);
    appender.closeSync();
    const target = path.replaceAll("'", "''");
    await connection.run(`COPY ${table} TO '${target}' (FORMAT PARQUET, COMPRESSION ZSTD, ROW_GROUP_SIZE 10000)`);
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${table}`);
  }
}

function appendRow(appender: DuckDBAppender, fields: DatasetField[], row: SinkRow): void {
  for (const field of fields) appendField(appender, field, row.record[field.name]);
  appender.appendInteger(row.partition);
  appender.appendBigInt(BigInt(row.offset));
  appender.endRow();
}

/** A value of the wrong type is stored as null: one bad message must never stop a partition. */
function appendField(appender: DuckDBAppender, field: DatasetField, value: unknown): void {
  if (field.list) {
    const items = Array.isArray(value) ? value.map((item) => duckValue(field.type, item)) : null;
    if (items === null) appender.appendNull();
    else appender.appendList(listValue(items), LIST(duckFieldType(field.type)));
    return;
  }
  const converted = duckValue(field.type, value);
  if (converted === null) appender.appendNull();
  else appendScalar(appender, field.type, converted);
}

/** The DuckDB type of a field type's values (a list field holds a LIST of it). */
export function duckFieldType(type: FieldType): DuckDBType {
  switch (type) {
    case 'ID':
    case 'String':
    case 'JSON':
      return VARCHAR;
    case 'Int':
      return INTEGER;
    case 'Float':
      return DOUBLE;
    case 'Boolean':
      return BOOLEAN;
    case 'DateTime':
      return TIMESTAMPTZ;
    default:
      return assertNever(type, 'field type');
  }
}

function appendScalar(appender: DuckDBAppender, type: FieldType, value: DuckDBValue): void {
  switch (type) {
    case 'ID':
    case 'String':
    case 'JSON':
      return appender.appendVarchar(value as string);
    case 'Int':
      return appender.appendInteger(value as number);
    case 'Float':
      return appender.appendDouble(value as number);
    case 'Boolean':
      return appender.appendBoolean(value as boolean);
    case 'DateTime':
      return appender.appendTimestampTZ(value as ReturnType<typeof timestampTZValue>);
    default:
      return assertNever(type, 'field type');
  }
}

function duckValue(type: FieldType, value: unknown): DuckDBValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'ID':
    case 'String':
      return typeof value === 'string' ? value : null;
    case 'JSON':
      return JSON.stringify(value);
    case 'Int':
      return Number.isInteger(value) && Math.abs(value as number) < 2 ** 31 ? (value as number) : null;
    case 'Float':
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    case 'Boolean':
      return typeof value === 'boolean' ? value : null;
    case 'DateTime': {
      const time = eventTimeOf(value);
      return time === null ? null : timestampTZValue(BigInt(time.getTime()) * 1000n);
    }
    default:
      return assertNever(type, 'field type');
  }
}

export function eventTimeOf(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time;
}
