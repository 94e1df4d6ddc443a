/**
 * The settings that protect the gateway from its callers: operation shape
 * limits, trusted documents (persisted queries, the safelist) and rate limits.
 */
import path from 'node:path';
import { ConfigError } from '../common/index.ts';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from './http/index.ts';
import { integer, type Env } from './config-values.ts';

/** `points` requests per `seconds`, or no limit. */
export type RateLimit = { points: number; seconds: number } | 'off';

export interface TrustedDocumentsConfig {
  mode: 'off' | 'apq' | 'safelist';
  manifestFile?: string;
  cacheEntries: number;
  maxStored: number;
}

/** The ranges keep each limit meaningful: a depth below 3 refuses `{ domain { entities { nodes … } } }` itself. */
export function operationLimitsFrom(env: Env): OperationLimits {
  const d = DEFAULT_OPERATION_LIMITS;
  return {
    maxDepth: integer(env, 'MESHGATE_MAX_DEPTH', d.maxDepth, 3, 100),
    maxAliases: integer(env, 'MESHGATE_MAX_ALIASES', d.maxAliases, 0, 10_000),
    maxDirectives: integer(env, 'MESHGATE_MAX_DIRECTIVES', d.maxDirectives, 0, 10_000),
    maxTokens: integer(env, 'MESHGATE_MAX_TOKENS', d.maxTokens, 100, 1_000_000),
  };
}

/**
 * apq by default: it only ever runs what a client sends or registered (no new trust), saves upload
 * for clients with Apollo's link, and lets GET requests be cached. safelist is the production lock.
 */
export function trustedDocumentsFrom(env: Env, cwd: string): TrustedDocumentsConfig {
  const mode = env.MESHGATE_TRUSTED_DOCUMENTS || 'apq';
  if (mode !== 'off' && mode !== 'apq' && mode !== 'safelist') {
    throw new ConfigError('MESHGATE_TRUSTED_DOCUMENTS', `must be off, apq or safelist, got "${mode}"`);
  }
  const manifest = env.MESHGATE_TRUSTED_MANIFEST;
  if (mode === 'safelist' && !manifest)
    throw new ConfigError('MESHGATE_TRUSTED_MANIFEST', 'must name the client manifest file when MESHGATE_TRUSTED_DOCUMENTS=safelist');
  if (mode === 'off' && manifest) throw new ConfigError('MESHGATE_TRUSTED_MANIFEST', 'is not used when MESHGATE_TRUSTED_DOCUMENTS=off: unset one of them');
  return {
    mode,
    manifestFile: manifest ? path.resolve(cwd, manifest) : undefined,
    cacheEntries: integer(env, 'MESHGATE_APQ_CACHE_SIZE', 1000, 1, 1_000_000),
    maxStored: integer(env, 'MESHGATE_APQ_MAX_DOCUMENTS', 10_000, 1, 10_000_000),
  };
}

/**
 * `<points>/<seconds>` (e.g. `600/60`) or `off`. Off by default: the benchmarks and the test suite
 * drive thousands of requests a second from one loopback address with one token, so no number that
 * leaves them alone limits anything; and behind a proxy every client has the proxy's address.
 */
export function rateLimitFrom(env: Env, name: string): RateLimit {
  const raw = (env[name] ?? '').trim();
  if (raw === '' || raw === 'off') return 'off';
  const match = /^(\d+)\/(\d+)$/.exec(raw);
  const points = Number(match?.[1]);
  const seconds = Number(match?.[2]);
  if (!match || points < 1 || points > 1_000_000_000 || seconds < 1 || seconds > 86_400) {
    throw new ConfigError(name, `must be <points>/<seconds> (points from 1, seconds from 1 to 86400, e.g. 600/60) or off, got "${env[name]}"`);
  }
  return { points, seconds };
}
