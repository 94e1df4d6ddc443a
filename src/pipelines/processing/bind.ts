/**
 * Inputs bound to the tables a compiled plan reads: local Parquet files (the
 * lake's object cache gives local paths) read as a typed view, or in-memory
 * rows appended to a typed table (tests, and entity rows read through the
 * record-source port). Also where row-function stages land their rows.
 */
import { type DuckDBConnection, DuckDBDataChunk, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { quoteDuckIdent } from '../../lake/index.ts';
import type { RelationSchema, Row } from '../../sdk/index.ts';
import { duckColumnTypeOf, toDuck } from './duck-values.ts';
import { sqlType } from './expr-sql.ts';

/** A parameterised DuckDB condition over the Parquet columns (the lake's `duckWhere`). */
export interface ParquetFilter {
  sql: string;
  values: DuckDBValue[];
  types: DuckDBType[];
}

/**
 * `parquet` may carry a `where` (a policy row filter, a time window), pushed
 * into the scan, and `masked` fields, bound as NULL (fields the reader may not
 * read): the step never sees what its principal may not read.
 */
export type InputBinding = { kind: 'rows'; rows: Iterable<Row> } | { kind: 'parquet'; paths: string[]; where?: ParquetFilter; masked?: string[] };

export type Bindings = Record<string, InputBinding>;

const columnDdl = (schema: RelationSchema): string =>
  Object.entries(schema)
    .map(([name, col]) => `${quoteDuckIdent(name)} ${sqlType(col.type)}${col.list ? '[]' : ''}`)
    .join(', ');

export async function createTable(connection: DuckDBConnection, table: string, schema: RelationSchema): Promise<void> {
  await connection.run(`CREATE TABLE ${quoteDuckIdent(table)} (${columnDdl(schema)})`);
}

/** Rows per appended data chunk: DuckDB's vector size, the most one chunk holds. */
const CHUNK_ROWS = 2048;

/** Appends rows to a table; `close` flushes them (one appender for many batches: each close costs a flush). */
export interface RowAppender {
  /** Appends the rows; returns how many. A value that does not fit its column throws, naming the field. */
  append(rows: Iterable<Row>): number;
  close(): void;
}

/**
 * An appender on a table made by `createTable`. Rows go in as whole data chunks, column by column:
 * appending value by value costs a native value object per cell.
 */
export async function openRowAppender(connection: DuckDBConnection, table: string, schema: RelationSchema): Promise<RowAppender> {
  const appender = await connection.createAppender(table);
  const columns = Object.entries(schema).map(([name, col]) => ({ name, col }));
  const types = Object.values(schema).map(duckColumnTypeOf);
  let buffer: DuckDBValue[][] = columns.map(() => []);
  let buffered = 0;
  const flush = () => {
    const chunk = DuckDBDataChunk.create(types, buffered);
    chunk.setColumns(buffer);
    appender.appendDataChunk(chunk);
    buffer = columns.map(() => []);
    buffered = 0;
  };
  const append = (rows: Iterable<Row>): number => {
    let count = 0;
    for (const row of rows) {
      for (let index = 0; index < columns.length; index += 1) {
        const { name, col } = columns[index]!;
        buffer[index]!.push(toDuck(col, row[name], name));
      }
      buffered += 1;
      count += 1;
      if (buffered === CHUNK_ROWS) flush();
    }
    if (buffered > 0) flush();
    return count;
  };
  return { append, close: () => appender.closeSync() };
}

/** Appends rows to a table made by `createTable`; a value that does not fit its column throws, naming the field. */
export async function appendRows(connection: DuckDBConnection, table: string, schema: RelationSchema, rows: Iterable<Row>): Promise<number> {
  const appender = await openRowAppender(connection, table, schema);
  try {
    return appender.append(rows);
  } finally {
    appender.close();
  }
}

/** Creates `table` (unquoted name; a view over Parquet, or a table of rows) with exactly `schema`'s columns. */
export async function bindInput(connection: DuckDBConnection, table: string, schema: RelationSchema, binding: InputBinding): Promise<void> {
  if (binding.kind === 'rows' || binding.paths.length === 0) {
    await createTable(connection, table, schema);
    if (binding.kind === 'rows') await appendRows(connection, table, schema, binding.rows);
    return;
  }
  const files = binding.paths.map((path) => `'${path.replaceAll("'", "''")}'`).join(', ');
  const casts = Object.entries(schema).map(([name, col]) => {
    const value = binding.masked?.includes(name) ? 'NULL' : quoteDuckIdent(name);
    return `CAST(${value} AS ${sqlType(col.type)}${col.list ? '[]' : ''}) AS ${quoteDuckIdent(name)}`;
  });
  const scan = `SELECT ${casts.join(', ')} FROM read_parquet([${files}], union_by_name = true) AS "t"`;
  if (!binding.where) return void (await connection.run(`CREATE VIEW ${quoteDuckIdent(table)} AS ${scan}`));
  // A view cannot hold parameters: the filtered rows are materialised in DuckDB (columnar, never through JS).
  await connection.run(`CREATE TABLE ${quoteDuckIdent(table)} AS ${scan} WHERE ${binding.where.sql}`, binding.where.values, binding.where.types);
}
