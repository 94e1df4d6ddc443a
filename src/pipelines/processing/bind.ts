/**
 * Inputs bound to the tables a compiled plan reads: local Parquet files (the
 * lake's object cache gives local paths) read as a typed view, or in-memory
 * rows appended to a typed table (tests, and entity rows read through the
 * record-source port). Also where row-function stages land their rows.
 */
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
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

/** Appends rows to a table made by `createTable`; a value that does not fit its column throws, naming the field. */
export async function appendRows(connection: DuckDBConnection, table: string, schema: RelationSchema, rows: Iterable<Row>): Promise<number> {
  const appender = await connection.createAppender(table);
  const columns = Object.entries(schema).map(([name, col]) => ({ name, col, type: duckColumnTypeOf(col) }));
  let count = 0;
  try {
    for (const row of rows) {
      for (const { name, col, type } of columns) appender.appendValue(toDuck(col, row[name], name), type);
      appender.endRow();
      count += 1;
    }
  } finally {
    appender.closeSync();
  }
  return count;
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
