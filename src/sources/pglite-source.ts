import { PGlite } from '@electric-sql/pglite';
import type { RecordSource, Row } from './port.ts';
import type { SqlExecutor } from './sql/sql-source.ts';
import { createSqlRecordSource } from './sql/sql-source.ts';
import { typedColumns } from './sql/typed-columns.ts';

/** Either a data directory (in memory when absent) owned by the source, or a shared instance the caller closes. */
export type PgliteSourceOptions = { dataDir?: string; db?: undefined } | { db: PGlite; dataDir?: undefined };

/** Runs statements on PGlite; closes the instance only if it opened it. */
export function pgliteExecutor(db: PGlite, owned: boolean): SqlExecutor {
  return {
    async query(text, values) {
      const result = await db.query<Row>(text, values);
      return result.rows;
    },
    close: async () => {
      if (owned) await db.close();
    },
  };
}

/** Embedded PostgreSQL (WASM) with the same typed columns and SQL as the PostgreSQL adapter. */
export function createPgliteSource(options: PgliteSourceOptions = {}): RecordSource {
  const owned = options.db === undefined;
  const db = options.db ?? new PGlite(options.dataDir);
  return createSqlRecordSource({
    adapter: 'pglite',
    serves: 'postgres',
    strategyFor: () => typedColumns,
    executor: pgliteExecutor(db, owned),
  });
}
