/**
 * How meshgate reaches a PostgreSQL server: the URL, and TLS decided by the gateway's
 * configuration (`sslmode` and a CA file, libpq's meanings) rather than by node-postgres's
 * reading of the URL, whose `sslmode=require` verifies like `verify-full` and whose `ssl` option
 * the URL's parameters would override.
 */
import type { ConnectionOptions } from 'node:tls';
import type pg from 'pg';
import { assertNever } from '../common/index.ts';

/**
 * `full`: the server's certificate must chain to `ca` (the system's roots when absent) and name
 * the host; `ca`: chain only (libpq's verify-ca); `none`: encrypt without checking (libpq's require
 * without a root certificate). `cert` and `key` are a client certificate, when the server asks.
 */
export interface PostgresTls {
  verify: 'full' | 'ca' | 'none';
  ca?: string;
  cert?: string;
  key?: string;
}

export interface PostgresConnection {
  /** Without the `ssl*` parameters when `tls` is given: they are decided there. */
  connectionString: string;
  /** undefined: as the URL says (node-postgres's reading); false: plain; else TLS. */
  tls?: PostgresTls | false;
}

/** A connection given as a bare URL is read by node-postgres alone (tests, tools). */
export function postgresConnection(connection: string | PostgresConnection): PostgresConnection {
  return typeof connection === 'string' ? { connectionString: connection } : connection;
}

/** The `pg.Pool`/`pg.Client` settings of a connection. */
export function pgConnectionConfig(connection: string | PostgresConnection): pg.ClientConfig {
  const { connectionString, tls } = postgresConnection(connection);
  if (tls === undefined) return { connectionString };
  return { connectionString, ssl: tls === false ? false : tlsOptions(tls) };
}

function tlsOptions(tls: PostgresTls): ConnectionOptions {
  const material = { ...(tls.ca ? { ca: tls.ca } : {}), ...(tls.cert ? { cert: tls.cert } : {}), ...(tls.key ? { key: tls.key } : {}) };
  switch (tls.verify) {
    case 'full':
      return { ...material, rejectUnauthorized: true };
    case 'ca':
      return { ...material, rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'none':
      return { ...material, rejectUnauthorized: false };
    default:
      return assertNever(tls.verify, 'PostgreSQL TLS verification');
  }
}
