/**
 * Values between JS and DuckDB: typed parameters (never spliced into SQL
 * text), the DuckDB type of each field type, and rows read back (DateTime as
 * Date, BIGINT as number, JSON parsed).
 */
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { LIST, listValue, timestampTZValue } from '@duckdb/node-api';
import { assertNever } from '../../common/index.ts';
import { duckFieldType } from '../../lake/index.ts';
import type { ColumnSchema, FieldType, RelationSchema, Row } from '../../sdk/index.ts';

/** The DuckDB type of a field type: the lake's, so pipeline outputs and landed events agree. */
export const duckType: (type: FieldType) => DuckDBType = duckFieldType;

export function duckColumnTypeOf(column: Pick<ColumnSchema, 'type' | 'list'>): DuckDBType {
  return column.list ? LIST(duckType(column.type)) : duckType(column.type);
}

/** A JS value as DuckDB takes it for a column of `type`; a value that does not fit throws, naming the field. */
export function toDuck(column: Pick<ColumnSchema, 'type' | 'list'>, value: unknown, field: string): DuckDBValue {
  if (value === null || value === undefined) return null;
  if (column.list) {
    if (!Array.isArray(value)) throw new TypeError(`field ${field}: expected a list, got ${typeof value}`);
    return listValue(value.map((item) => toDuck({ type: column.type, list: false }, item, field)));
  }
  const fail = (): never => {
    throw new TypeError(`field ${field}: ${JSON.stringify(value)} is not a ${column.type}`);
  };
  switch (column.type) {
    case 'ID':
    case 'String':
      return typeof value === 'string' ? value : fail();
    case 'JSON':
      return JSON.stringify(value);
    case 'Int':
      return Number.isInteger(value) ? (value as number) : fail();
    case 'Float':
      return typeof value === 'number' && Number.isFinite(value) ? value : fail();
    case 'Boolean':
      return typeof value === 'boolean' ? value : fail();
    case 'DateTime': {
      const time = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
      if (time === undefined || Number.isNaN(time.getTime())) return fail();
      return timestampTZValue(BigInt(time.getTime()) * 1000n);
    }
    default:
      return assertNever(column.type, 'field type');
  }
}

/** Positional parameters of one statement, each bound with its DuckDB type. */
export class DuckParams {
  readonly values: DuckDBValue[] = [];
  readonly types: DuckDBType[] = [];

  add(value: DuckDBValue, type: DuckDBType): string {
    this.values.push(value);
    this.types.push(type);
    return `$${this.values.length}`;
  }

  /** Appends another statement's parameters, renumbering its `$k` placeholders (its SQL has no other `$`). */
  absorb(sql: string, values: readonly DuckDBValue[], types: readonly DuckDBType[]): string {
    const offset = this.values.length;
    this.values.push(...values);
    this.types.push(...types);
    return sql.replace(/\$(\d+)/g, (_, index: string) => `$${Number(index) + offset}`);
  }
}

/** A row as DuckDB returned it (JS conversion) → the port's values. */
export function decodeRow(schema: RelationSchema, raw: Record<string, unknown>): Row {
  const row: Row = {};
  for (const [name, column] of Object.entries(schema)) row[name] = decodeValue(column, raw[name]);
  return row;
}

function decodeValue(column: Pick<ColumnSchema, 'type' | 'list'>, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => decodeValue({ type: column.type, list: false }, item));
  if (column.type === 'JSON' && typeof value === 'string') return JSON.parse(value);
  if (typeof value === 'bigint') return Number(value);
  return value;
}
