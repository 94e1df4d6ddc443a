/**
 * CORS as a pure decision over a request's method and headers, the way the `cors` package and
 * Apollo Router's `cors` settle it: an origin on the list (or any, with `*`) gets
 * `Access-Control-Allow-Origin`; any other origin gets no CORS header, so the browser refuses to
 * show it the answer. The server still answers: CORS is the browser's rule, not an access check.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { assertNever } from '../../../common/index.ts';

/**
 * `off`: no CORS header at all (same-origin pages only, the default); `any`: `*`, never with
 * credentials; `origins`: exact origins (`scheme://host[:port]`), optionally with credentials.
 */
export type CorsPolicy =
  | { kind: 'off' }
  | { kind: 'any'; maxAgeSeconds: number }
  | { kind: 'origins'; origins: ReadonlySet<string>; credentials: boolean; maxAgeSeconds: number };

export const CORS_ALLOWED_METHODS = 'GET, POST, OPTIONS';
/**
 * What clients of the gateway send: JSON bodies, bearer tokens, a request id to correlate with,
 * and the non-simple headers of CSRF prevention (Apollo's names). Persisted queries travel in the
 * body's or URL's `extensions`, so they need no header of their own.
 */
export const CORS_ALLOWED_HEADERS = 'content-type, accept, authorization, x-request-id, apollo-require-preflight, x-apollo-operation-name';
/** Headers a cross-origin script may read from an answer besides the CORS-safelisted ones. */
export const CORS_EXPOSED_HEADERS = 'x-request-id, retry-after';

/** `preflight`: answer 204 with `headers` now; `actual`: add `headers` to the route's answer. */
export type CorsDecision = { kind: 'preflight'; headers: Record<string, string> } | { kind: 'actual'; headers: Record<string, string> };

/** With CORS off an OPTIONS request is routed like any other (405 with Allow): the gateway takes no part in CORS. */
export function corsDecision(policy: CorsPolicy, method: string | undefined, headers: IncomingHttpHeaders): CorsDecision {
  if (policy.kind === 'off') return { kind: 'actual', headers: {} };
  const origin = headers.origin;
  const preflight = method === 'OPTIONS' && origin !== undefined && headers['access-control-request-method'] !== undefined;
  const allowed = allowedOriginHeaders(policy, origin);
  if (!preflight) return { kind: 'actual', headers: allowed.kind === 'none' ? allowed.vary : { ...allowed.vary, ...allowed.headers, ...exposed() } };
  if (allowed.kind === 'none') return { kind: 'preflight', headers: allowed.vary };
  return {
    kind: 'preflight',
    headers: {
      ...allowed.vary,
      ...allowed.headers,
      'access-control-allow-methods': CORS_ALLOWED_METHODS,
      'access-control-allow-headers': CORS_ALLOWED_HEADERS,
      'access-control-max-age': String(policy.maxAgeSeconds),
    },
  };
}

type AllowedOrigin = { kind: 'none'; vary: Record<string, string> } | { kind: 'allowed'; vary: Record<string, string>; headers: Record<string, string> };

/** An answer that depends on the Origin says so (`Vary: Origin`), so no cache hands one origin's answer to another. */
function allowedOriginHeaders(policy: CorsPolicy, origin: string | undefined): AllowedOrigin {
  switch (policy.kind) {
    case 'off':
      return { kind: 'none', vary: {} };
    case 'any':
      return origin === undefined ? { kind: 'none', vary: {} } : { kind: 'allowed', vary: {}, headers: { 'access-control-allow-origin': '*' } };
    case 'origins': {
      const vary = { vary: 'Origin' };
      if (origin === undefined || !policy.origins.has(origin)) return { kind: 'none', vary };
      const credentials: Record<string, string> = policy.credentials ? { 'access-control-allow-credentials': 'true' } : {};
      return { kind: 'allowed', vary, headers: { 'access-control-allow-origin': origin, ...credentials } };
    }
    default:
      return assertNever(policy, 'CORS policy');
  }
}

function exposed(): Record<string, string> {
  return { 'access-control-expose-headers': CORS_EXPOSED_HEADERS };
}
