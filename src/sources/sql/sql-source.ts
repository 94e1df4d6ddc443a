import type { CollectionSpec, RecordSource, Row } from '../port.ts';
import { createStatementListeners } from '../statement-listeners.ts';
import type { ColumnStrategy } from './column-strategy.ts';
import { compileFind, compileFindByValues } from './compile-find.ts';
import type { Statement } from './ddl.ts';
import { countStatement, ensureStatements, truncateStatement, upsertStatements } from './ddl.ts';
import { toSourceError } from './sql-errors.ts';

/** What differs between SQL drivers: how a parameterised statement runs. */
export interface SqlExecutor {
  query(text: string, values: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

export interface SqlSourceOptions {
  adapter: string;
  serves: RecordSource['serves'];
  executor: SqlExecutor;
  strategyFor(spec: CollectionSpec): ColumnStrategy;
}

/** A RecordSource over any SQL executor; the adapters only provide the executor and strategy. */
export function createSqlRecordSource(options: SqlSourceOptions): RecordSource {
  const { adapter, executor, strategyFor } = options;
  const listeners = createStatementListeners();
  const run = async (statement: Statement): Promise<Row[]> => {
    listeners.report({ kind: 'sql', text: statement.text });
    try {
      return await executor.query(statement.text, statement.values);
    } catch (error) {
      throw toSourceError(adapter, error);
    }
  };
  const runAll = async (statements: Statement[]): Promise<void> => {
    for (const statement of statements) await run(statement);
  };
  return {
    adapter,
    serves: options.serves,
    async find(spec, query) {
      const read = compileFind(adapter, spec, query, strategyFor(spec));
      return read.decode(await run(read));
    },
    async findByValues(spec, query) {
      const read = compileFindByValues(adapter, spec, query, strategyFor(spec));
      return read === undefined ? [] : read.decode(await run(read));
    },
    ensureCollection: (spec) => runAll(ensureStatements(spec, strategyFor(spec))),
    upsertMany: (spec, rows) => runAll(upsertStatements(spec, rows, strategyFor(spec))),
    async count(spec) {
      const [row] = await run(countStatement(spec));
      return Number(row?.count ?? 0);
    },
    truncate: (spec) => runAll([truncateStatement(spec)]),
    onStatement: (listener) => listeners.subscribe(listener),
    async ping() {
      try {
        await executor.query('SELECT 1', []);
        return true;
      } catch {
        return false;
      }
    },
    close: () => executor.close(),
  };
}
