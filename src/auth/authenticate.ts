/**
 * Bearer-token authentication: verifies the JWT (signature, expiry, issuer,
 * audience) and maps its claims to an actor. No token → the anonymous role.
 * A bad token is UNAUTHENTICATED (401), never a silent downgrade.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from './auth-config.ts';
import { assertNever } from '../common/index.ts';

export interface Actor {
  sub: string | null;
  roles: string[];
  /** Every claim of the token (tenant, country, domain, …); `${user.<claim>}` reads these. */
  claims: Record<string, unknown>;
}

export class AuthenticationError extends Error {
  readonly code = 'UNAUTHENTICATED';
  readonly httpStatus = 401;
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<Actor>;
}

export function createAuthenticator(config: AuthConfig): Authenticator {
  const anonymous: Actor = Object.freeze({ sub: null, roles: [config.anonymousRole], claims: {} }) as Actor;
  const key = verificationKey(config);
  return {
    async authenticate(authorization) {
      if (!authorization) return anonymous;
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!match) throw new AuthenticationError('the Authorization header must be "Bearer <JWT>"');
      if (config.kind === 'none') throw new AuthenticationError('this gateway verifies no tokens (set AUTH_JWT_SECRET or AUTH_JWKS_URL)');
      const payload = await verify(match[1]!, key!, config);
      return actorFrom(payload, config.rolesClaim);
    },
  };
}

function verificationKey(config: AuthConfig): Uint8Array | JWTVerifyGetKey | undefined {
  switch (config.kind) {
    case 'none':
      return undefined;
    case 'hs256':
      return new TextEncoder().encode(config.secret);
    case 'jwks':
      return createRemoteJWKSet(new URL(config.url));
    default:
      return assertNever(config, 'auth config');
  }
}

async function verify(token: string, key: Uint8Array | JWTVerifyGetKey, config: Exclude<AuthConfig, { kind: 'none' }>): Promise<JWTPayload> {
  const options = {
    algorithms: config.kind === 'hs256' ? ['HS256'] : ['RS256', 'ES256'],
    issuer: config.issuer,
    audience: config.audience,
  };
  try {
    const { payload } = key instanceof Uint8Array ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
    return payload;
  } catch (error) {
    throw new AuthenticationError(describeJoseError(error));
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm this gateway does not accept';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the JWKS matches the token';
  return 'the token is not a valid JWT';
}

function actorFrom(payload: JWTPayload, rolesClaim: string): Actor {
  const raw = payload[rolesClaim];
  const roles = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/[\s,]+/).filter(Boolean) : [];
  if (roles.length === 0) throw new AuthenticationError(`the token has no roles (claim "${rolesClaim}")`);
  return { sub: typeof payload.sub === 'string' ? payload.sub : null, roles, claims: { ...payload } };
}
