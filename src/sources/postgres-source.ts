import pg from 'pg';
import type { RecordSource } from './port.ts';
import { createSqlRecordSource } from './sql/sql-source.ts';
import { typedColumns } from './sql/typed-columns.ts';
import { pgConnectionConfig, type PostgresTls } from './postgres-connection.ts';

export interface PostgresSourceOptions {
  connectionString: string;
  /** TLS as the gateway's configuration decided it (see postgres-connection.ts); absent: as the URL says. */
  tls?: PostgresTls | false;
  /** Pool size; defaults to pg's (10). */
  max?: number;
}

/** PostgreSQL through a `pg` pool: typed columns, one pooled query per statement. */
export function createPostgresSource(options: PostgresSourceOptions): RecordSource {
  const pool = new pg.Pool({ ...pgConnectionConfig({ connectionString: options.connectionString, tls: options.tls }), max: options.max });
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
