/**
 * HTTP hygiene of the gateway's server: CORS, CSRF prevention and security headers, as pure
 * functions of the request's headers and the configuration; the server applies them.
 */
export type { CorsDecision, CorsPolicy } from './cors.ts';
export { CORS_ALLOWED_HEADERS, CORS_ALLOWED_METHODS, corsDecision } from './cors.ts';
export type { CsrfPrevention } from './csrf.ts';
export { CSRF_PREFLIGHT_HEADERS, CSRF_REFUSED_MESSAGE, csrfRefuses, csrfRefusesUpgrade } from './csrf.ts';
export { graphiqlContentSecurityPolicy, securityHeaders } from './security-headers.ts';
export type { HygieneOptions, RequestHygiene } from './apply.ts';
export { createRequestHygiene } from './apply.ts';
