import pg from 'pg';
import type { RecordSource } from './port.ts';
import { createSqlRecordSource } from './sql/sql-source.ts';
import { typedColumns } from './sql/typed-columns.ts';

export interface PostgresSourceOptions {
  connectionString: string;
  /** Pool size; defaults to pg's (10). */
  max?: number;
}

/** PostgreSQL through a `pg` pool: typed columns, one pooled query per statement. */
export function createPostgresSource(options: PostgresSourceOptions): RecordSource {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  return createSqlRecordSource({
    adapter: 'postgres',
    serves: 'postgres',
    strategyFor: () => typedColumns,
    executor: {
      async query(text, values) {
        const result = await pool.query(text, values);
        return result.rows;
      },
      close: () => pool.end(),
    },
  });
}
