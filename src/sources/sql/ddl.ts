import type { CollectionSpec, Row } from '../port.ts';
import type { ColumnStrategy } from './column-strategy.ts';
import { SqlParams } from './params.ts';
import { quoteIdent, tableName } from './quote.ts';

export interface Statement {
  text: string;
  values: unknown[];
}

/** PostgreSQL accepts at most 65535 parameters per statement; stay clear of it. */
const MAX_PARAMETERS = 60_000;

export function ensureStatements(spec: CollectionSpec, strategy: ColumnStrategy): Statement[] {
  const statements: Statement[] = [];
  if (spec.schema !== undefined) statements.push({ text: `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(spec.schema)}`, values: [] });
  const columns = strategy.columnDefinitions(spec).join(', ');
  statements.push({ text: `CREATE TABLE IF NOT EXISTS ${tableName(spec)} (${columns})`, values: [] });
  for (const name of spec.indexes ?? []) {
    const field = spec.fields.find((f) => f.name === name);
    const expr = field && field.name !== spec.key ? strategy.indexExpr(field) : undefined;
    if (!field || !expr) continue;
    const index = quoteIdent(`${spec.name}_${field.column}_idx`.slice(0, 63));
    statements.push({ text: `CREATE INDEX IF NOT EXISTS ${index} ON ${tableName(spec)} (${expr})`, values: [] });
  }
  return statements;
}

/**
 * Multi-row `INSERT … ON CONFLICT (key) DO UPDATE`, chunked under the
 * parameter limit. Rows repeating a key keep the last one: a single INSERT
 * may not update the same row twice.
 */
export function upsertStatements(spec: CollectionSpec, rows: Row[], strategy: ColumnStrategy): Statement[] {
  const unique = [...new Map(rows.map((row) => [String(row[spec.key]), row])).values()];
  const columns = strategy.storedColumns(spec);
  const rowsPerStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  const statements: Statement[] = [];
  for (let start = 0; start < unique.length; start += rowsPerStatement) {
    statements.push(upsertChunk(spec, unique.slice(start, start + rowsPerStatement), strategy));
  }
  return statements;
}

function upsertChunk(spec: CollectionSpec, rows: Row[], strategy: ColumnStrategy): Statement {
  const params = new SqlParams();
  const columns = strategy.storedColumns(spec);
  const tuples = rows.map((row) => {
    const values = strategy.storedValues(spec, row);
    return `(${columns.map((column, index) => params.add(values[index], column.type)).join(', ')})`;
  });
  const key = strategy.keyColumn(spec);
  const updates = columns.filter((column) => column.column !== key).map((column) => `${column.column} = EXCLUDED.${column.column}`);
  const conflict = updates.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${updates.join(', ')}`;
  const names = columns.map((column) => column.column).join(', ');
  return {
    text: `INSERT INTO ${tableName(spec)} (${names}) VALUES ${tuples.join(', ')} ON CONFLICT (${key}) ${conflict}`,
    values: params.values,
  };
}

export function countStatement(spec: CollectionSpec): Statement {
  return { text: `SELECT count(*)::integer AS ${quoteIdent('count')} FROM ${tableName(spec)}`, values: [] };
}

export function truncateStatement(spec: CollectionSpec): Statement {
  return { text: `TRUNCATE ${tableName(spec)}`, values: [] };
}
