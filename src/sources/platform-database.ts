/**
 * The platform database port: where meshgate keeps its own state (policy
 * versions, the access log, later pipeline runs and the lake catalog).
 * PostgreSQL in the services profile, the embedded PGlite otherwise. SQL is
 * PostgreSQL's dialect on both; values are always parameters.
 */
import pg from 'pg';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Row } from './port.ts';
import { pgConnectionConfig, type PostgresConnection } from './postgres-connection.ts';

export interface SqlQueryable {
  query<T extends Row = Row>(text: string, values?: unknown[]): Promise<T[]>;
}

export interface PlatformDatabase extends SqlQueryable {
  readonly adapter: 'postgres' | 'pglite';
  /** Runs `work` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /** Subscribes to `NOTIFY channel`; resolves once listening; returns the unsubscribe. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

/** `connection`: a URL (node-postgres reads its TLS parameters), or the URL with the TLS the gateway's configuration decided. */
export function createPostgresPlatformDatabase(connection: string | PostgresConnection, max = 10): PlatformDatabase {
  const connectionConfig = pgConnectionConfig(connection);
  // Bounded waits: a hung database fails requests (strict auditing) instead of holding them forever.
  const pool = new pg.Pool({ ...connectionConfig, max, connectionTimeoutMillis: 5_000, query_timeout: 30_000 });
  pool.on('error', () => {});
  const listeners: pg.Client[] = [];
  return {
    adapter: 'postgres',
    async query(text, values) {
      return (await pool.query(text, values)).rows;
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: async (text, values) => (await client.query(text, values)).rows });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, onMessage) {
      const client = new pg.Client(connectionConfig);
      client.on('error', () => {});
      await client.connect();
      client.on('notification', (message) => {
        if (message.channel === channel) onMessage(message.payload ?? '');
      });
      await client.query(`LISTEN ${quoteIdentifier(channel)}`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => {});
      };
    },
    async notify(channel, payload) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      await Promise.allSettled(listeners.splice(0).map((c) => c.end()));
      await pool.end();
    },
  };
}

/** Over a PGlite the caller owns (and closes). */
export function createPglitePlatformDatabase(db: PGlite): PlatformDatabase {
  const queryable = (target: PGlite | Transaction): SqlQueryable => ({
    async query(text, values) {
      return (await target.query<any>(text, values)).rows;
    },
  });
  return {
    adapter: 'pglite',
    ...queryable(db),
    transaction: (work) => db.transaction((tx) => work(queryable(tx))),
    async listen(channel, onMessage) {
      const unsubscribe = await db.listen(channel, onMessage);
      return async () => unsubscribe();
    },
    async notify(channel, payload) {
      await db.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async close() {},
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
