import { ConfigError } from '../common/index.ts';

/**
 * How bearer tokens are verified: a shared HS256 secret, or RS256/ES256
 * keys from a JWKS URL. `none` means no verifier: any presented token is
 * rejected (never trusted unverified) and requests without one are anonymous.
 */
export type AuthConfig =
  | { kind: 'none'; anonymousRole: string }
  | { kind: 'hs256'; secret: string; issuer?: string; audience?: string; rolesClaim: string; anonymousRole: string }
  | { kind: 'jwks'; url: string; issuer?: string; audience?: string; rolesClaim: string; anonymousRole: string };

type Env = Record<string, string | undefined>;

/**
 * Reads `AUTH_JWT_SECRET` or `AUTH_JWKS_URL` (not both), `AUTH_ISSUER`,
 * `AUTH_AUDIENCE`, `AUTH_ROLES_CLAIM` (default `roles`) and
 * `AUTH_ANONYMOUS_ROLE` (default `anonymous`). `devSecret` is the embedded
 * profile's generated secret, used when neither is set.
 */
export function authConfigFromEnv(env: Env, devSecret?: string): AuthConfig {
  const anonymousRole = env.AUTH_ANONYMOUS_ROLE || 'anonymous';
  const rolesClaim = env.AUTH_ROLES_CLAIM || 'roles';
  const common = { issuer: env.AUTH_ISSUER || undefined, audience: env.AUTH_AUDIENCE || undefined, rolesClaim, anonymousRole };
  if (env.AUTH_JWT_SECRET && env.AUTH_JWKS_URL) throw new ConfigError('AUTH_JWKS_URL', 'set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both');
  if (env.AUTH_JWT_SECRET) {
    if (env.AUTH_JWT_SECRET.length < 32) throw new ConfigError('AUTH_JWT_SECRET', 'must be at least 32 characters for HS256');
    return { kind: 'hs256', secret: env.AUTH_JWT_SECRET, ...common };
  }
  if (env.AUTH_JWKS_URL) {
    if (!/^https?:\/\//.test(env.AUTH_JWKS_URL)) throw new ConfigError('AUTH_JWKS_URL', 'must be an http(s) URL');
    return { kind: 'jwks', url: env.AUTH_JWKS_URL, ...common };
  }
  if (devSecret) return { kind: 'hs256', secret: devSecret, ...common };
  return { kind: 'none', anonymousRole };
}
