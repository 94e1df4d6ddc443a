/**
 * Rate limits per actor and per client IP (rate-limiter-flexible), shared by
 * every gateway of a deployment: on the services profile the counters live in
 * PostgreSQL (`meshgate_rate_limits`, one row per key and window), on the
 * embedded profile in this process's memory (the embedded profile is one
 * process, so that is the whole deployment).
 *
 * A limit is `points` requests per `seconds`-long fixed window that starts at
 * a key's first request. Over it, `consume*` throws 429 RATE_LIMITED with
 * `retryAfter` (whole seconds until the window ends; the HTTP answer carries
 * it as `Retry-After`).
 *
 * A store that cannot be reached fails closed: 503 RATE_LIMIT_UNAVAILABLE
 * (retriable), logged. The store is the platform database the strict access
 * log needs anyway, and a limiter that let everything through while it is
 * down would turn an outage into an unmetered window, silently.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { MeshgateError } from '../api/index.ts';
import type { Logger } from '../observability/index.ts';
import { pgConnectionConfig, type PostgresConnection } from '../sources/index.ts';
import type { Profile, RateLimit } from './config.ts';

export const RATE_LIMITS_TABLE = 'meshgate_rate_limits';

/** rate-limiter-flexible's own schema (it reads and upserts these columns), created here once, idempotently. */
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS ${RATE_LIMITS_TABLE} (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
)`;

/** Who a request counts against: the token's `sub`, else its roles; no actor for a request without a token (the IP limit covers it). */
export interface RateLimitedActor {
  sub: string | null;
  roles: readonly string[];
}

export interface RateLimits {
  /** Counts one request from `ip` (the socket's remote address); throws RATE_LIMITED over the limit. */
  consumeIp(ip: string | undefined): Promise<void>;
  /** Counts one request of `actor`; throws RATE_LIMITED over the limit. */
  consumeActor(actor: RateLimitedActor): Promise<void>;
  close(): Promise<void>;
}

export interface RateLimitOptions {
  actor: RateLimit;
  ip: RateLimit;
  profile: Profile;
  logger: Logger;
}

export async function openRateLimits(options: RateLimitOptions): Promise<RateLimits> {
  const { actor, ip, profile, logger } = options;
  if (actor === 'off' && ip === 'off') return { consumeIp: async () => {}, consumeActor: async () => {}, close: async () => {} };
  const store = profile.kind === 'services' ? await openPostgresStore(profile.database) : undefined;
  const limiter = (limit: RateLimit, keyPrefix: string) => (limit === 'off' ? undefined : createLimiter(limit, keyPrefix, store?.pool));
  const byActor = limiter(actor, 'actor');
  const byIp = limiter(ip, 'ip');
  return {
    consumeIp: async (address) => (byIp ? consume(byIp, `ip:${address ?? 'unknown'}`, logger) : undefined),
    consumeActor: async (who) => (byActor ? consume(byActor, actorKey(who), logger) : undefined),
    close: async () => store?.pool.end(),
  };
}

async function openPostgresStore(database: PostgresConnection): Promise<{ pool: pg.Pool }> {
  // Short waits: a request must not hang on its rate limit; a failure answers 503 instead.
  const pool = new pg.Pool({ ...pgConnectionConfig(database), max: 4, connectionTimeoutMillis: 2_000, query_timeout: 2_000 });
  pool.on('error', () => {});
  const client = await pool.connect();
  try {
    // The library's own CREATE races when gateways start together; an advisory lock serialises it.
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('${RATE_LIMITS_TABLE}'))`);
    await client.query(CREATE_TABLE);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    await pool.end();
    throw error;
  } finally {
    client.release();
  }
  return { pool };
}

function createLimiter(limit: Exclude<RateLimit, 'off'>, keyPrefix: string, pool: pg.Pool | undefined): RateLimiterAbstract {
  const base = { points: limit.points, duration: limit.seconds, keyPrefix };
  if (!pool) return new RateLimiterMemory(base);
  return new RateLimiterPostgres({ ...base, storeClient: pool, storeType: 'pool', tableName: RATE_LIMITS_TABLE, tableCreated: true });
}

async function consume(limiter: RateLimiterAbstract, key: string, logger: Logger): Promise<void> {
  try {
    await limiter.consume(boundedKey(key));
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) throw rateLimited(outcome, key);
    logger.error({ err: outcome, limiter: limiter.keyPrefix }, 'rate limit store unavailable; refusing the request');
    throw new MeshgateError('The rate limiter is unavailable; the request was not served.', {
      code: 'RATE_LIMIT_UNAVAILABLE',
      httpStatus: 503,
      retriable: true,
      cause: outcome,
    });
  }
}

function rateLimited(outcome: RateLimiterRes, key: string): MeshgateError {
  const retryAfter = Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
  const scope = key.startsWith('ip:') ? 'client address' : 'caller';
  return new MeshgateError(`Too many requests from this ${scope}; retry after ${retryAfter} s.`, {
    code: 'RATE_LIMITED',
    httpStatus: 429,
    retriable: true,
    details: { retryAfter },
  });
}

function actorKey(actor: RateLimitedActor): string {
  return actor.sub !== null ? `sub:${actor.sub}` : `roles:${[...actor.roles].sort().join(',')}`;
}

/** The store's key column holds 255 characters with the prefix: a longer key (a long `sub`) is hashed. */
function boundedKey(key: string): string {
  return key.length <= 200 ? key : `${key.slice(0, key.indexOf(':') + 1)}sha256:${createHash('sha256').update(key).digest('hex')}`;
}
