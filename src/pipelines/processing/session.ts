/**
 * One run of a compiled plan in an in-process DuckDB: inputs bound, row
 * stages run in order (their JS functions over record batches, the results
 * appended to a table), then the result query is ready to read. Row counts
 * in and out of every input and stage are recorded.
 */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { quoteDuckIdent } from '../../lake/index.ts';
import { assertNever } from '../../common/index.ts';
import type { PlanNode, Row, RowFunction } from '../../sdk/index.ts';
import { bindInput, type Bindings, createTable, openRowAppender } from './bind.ts';
import { type CompiledPlan, compilePlan, inputTable, type RowStage } from './compile.ts';
import { decodeRow } from './duck-values.ts';
import type { PartitionBounds } from './expr-sql.ts';

export interface RunStats {
  /** Rows each input held. */
  inputRows: Record<string, number>;
  /** Rows into and out of each row-function stage. */
  stages: Array<{ rowsIn: number; rowsOut: number }>;
  /** Rows the plan produced (known once the result was read or materialised). */
  outputRows: number;
}

export interface Session {
  connection: DuckDBConnection;
  compiled: CompiledPlan;
  stats: RunStats;
  close(): void;
}

export async function openSession(plan: PlanNode, bindings: Bindings, partition?: PartitionBounds): Promise<Session> {
  const compiled = compilePlan(plan, partition);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  // Row stages stream their input on a second connection: appending on the connection that is streaming a result
  // ends that stream after its first chunk (2048 rows), silently dropping the rest.
  const reader = await instance.connect();
  const close = () => {
    reader.closeSync();
    connection.closeSync();
    instance.closeSync();
  };
  const stats: RunStats = { inputRows: {}, stages: [], outputRows: 0 };
  try {
    // DateTime truncation (day, week, …) is in UTC whatever the host's zone.
    await connection.run("SET TimeZone = 'UTC'");
    await reader.run("SET TimeZone = 'UTC'");
    for (const [name, schema] of compiled.inputs) {
      const binding = Object.hasOwn(bindings, name) ? bindings[name] : undefined;
      if (!binding) throw new TypeError(`no binding for input ${name}; bound: ${Object.keys(bindings).join(', ') || '(none)'}`);
      await bindInput(connection, inputTable(name), schema, binding);
      stats.inputRows[name] = await countRows(connection, inputTable(name));
    }
    for (const stage of compiled.stages) stats.stages.push(await runRowStage(connection, reader, stage));
    return { connection, compiled, stats, close };
  } catch (error) {
    close();
    throw error;
  }
}

export async function countRows(connection: DuckDBConnection, table: string): Promise<number> {
  const reader = await connection.runAndReadAll(`SELECT COUNT(*) AS "n" FROM ${quoteDuckIdent(table)}`);
  return Number(reader.getRowObjectsJS()[0]?.n ?? 0);
}

async function runRowStage(connection: DuckDBConnection, reader: DuckDBConnection, stage: RowStage): Promise<{ rowsIn: number; rowsOut: number }> {
  await createTable(connection, stage.table, stage.schema);
  const result = await reader.stream(stage.input.sql, stage.input.params.values, stage.input.params.types);
  const processor = rowProcessor(stage.fn);
  const appender = await openRowAppender(connection, stage.table, stage.schema);
  let rowsIn = 0;
  let rowsOut = 0;
  try {
    for await (const batch of result.yieldRowObjectJs()) {
      const rows = batch.map((raw) => decodeRow(stage.inputSchema, raw));
      rowsIn += rows.length;
      rowsOut += appender.append(processor.push(rows));
    }
    rowsOut += appender.append(processor.end());
  } finally {
    appender.close();
  }
  return { rowsIn, rowsOut };
}

/** Feeds a row function batch by batch; `end` flushes what it still holds (the last group of a reduce). */
interface RowProcessor {
  push(rows: Row[]): Iterable<Row>;
  end(): Iterable<Row>;
}

function rowProcessor(fn: RowFunction): RowProcessor {
  switch (fn.mode) {
    case 'map':
      return { push: (rows) => rows.map((row) => fn.fn(row)), end: () => [] };
    case 'flatMap':
      return { push: (rows) => rows.flatMap((row) => [...fn.fn(row)]), end: () => [] };
    case 'reduce':
      return groupReducer(fn.keys, fn.fn);
    default:
      return assertNever(fn, 'row function');
  }
}

/** Rows arrive sorted by `keys`: a group ends where the key changes. */
function groupReducer(keys: string[], fn: (rows: Row[]) => Iterable<Row>): RowProcessor {
  const keyOf = (row: Row) => JSON.stringify(keys.map((key) => row[key]));
  let group: Row[] = [];
  let current: string | undefined;
  return {
    *push(rows) {
      for (const row of rows) {
        const key = keyOf(row);
        if (current !== undefined && key !== current && group.length > 0) {
          yield* fn(group);
          group = [];
        }
        current = key;
        group.push(row);
      }
    },
    *end() {
      // With no keys the whole input is one group, even an empty one.
      if (group.length > 0 || keys.length === 0) yield* fn(group);
      group = [];
    },
  };
}
