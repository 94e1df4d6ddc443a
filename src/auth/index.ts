/** Authentication: bearer JWTs (HS256 or JWKS) to actors; development tokens. */
export type { AuthConfig } from './auth-config.ts';
export type { Actor, Authenticator } from './authenticate.ts';
export type { TokenRequest } from './dev-tokens.ts';
export { authConfigFromEnv } from './auth-config.ts';
export { AuthenticationError, createAuthenticator } from './authenticate.ts';
export { devSecret, mintToken } from './dev-tokens.ts';
