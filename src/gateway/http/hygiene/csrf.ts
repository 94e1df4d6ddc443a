/**
 * CSRF prevention as Apollo Server and Router do it: a browser sends a cross-site request without
 * a CORS preflight only when it is "simple" (GET, or a POST whose content type is form data or
 * text/plain, and no custom header). Such a request to a GraphQL or API route is refused unless
 * it carries a header a page can only set after a preflight (`apollo-require-preflight`,
 * `x-apollo-operation-name`), so the CORS policy decides who may send it.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { assertNever } from '../../../common/index.ts';
import type { CorsPolicy } from './cors.ts';

/**
 * `cookies` (the default): refuse a simple request only when it carries a Cookie header.
 * meshgate authenticates with `Authorization: Bearer`, a header a browser never attaches on its
 * own, so a cross-site page's simple request reaches it as `anonymous`; the credential a browser
 * does attach by itself is a cookie (a proxy in front may log users in with one). Keeping plain
 * GETs working is what the GraphQL-over-HTTP spec asks (graphql-http's audits, CDN-cached APQ GETs).
 * `on`: Apollo's rule for every simple request; `off`: no check.
 */
export type CsrfPrevention = 'cookies' | 'on' | 'off';

export const CSRF_PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'] as const;
const SIMPLE_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** True when the request must be refused (400 CSRF_REFUSED). */
export function csrfRefuses(mode: CsrfPrevention, headers: IncomingHttpHeaders): boolean {
  switch (mode) {
    case 'off':
      return false;
    case 'cookies':
      return headers.cookie !== undefined && isUnpreflighted(headers);
    case 'on':
      return isUnpreflighted(headers);
    default:
      return assertNever(mode, 'CSRF prevention');
  }
}

/** A request a browser would have sent cross-site without asking first. */
function isUnpreflighted(headers: IncomingHttpHeaders): boolean {
  const contentType = headers['content-type'];
  if (contentType !== undefined) {
    const mediaType = contentType.split(';')[0].trim().toLowerCase();
    if (!SIMPLE_CONTENT_TYPES.has(mediaType)) return false;
  }
  return !CSRF_PREFLIGHT_HEADERS.some((name) => (headers[name] ?? '') !== '');
}

export const CSRF_REFUSED_MESSAGE =
  'This request has no content type that a browser sends only after a CORS preflight (such as application/json) ' +
  'and no apollo-require-preflight or x-apollo-operation-name header, so it could be a cross-site request forgery. ' +
  'Add one of those headers.';

/**
 * A WebSocket upgrade (live subscriptions) is never preflighted, and a browser opens one from any
 * page with the gateway's cookies: the rule of a simple request, with the page's Origin telling
 * whether it is cross-site. Same-origin pages, origins the CORS policy allows, and clients that send
 * no Origin (not browsers) pass; `tls` says which scheme the gateway's own origin has.
 */
export function csrfRefusesUpgrade(mode: CsrfPrevention, cors: CorsPolicy, headers: IncomingHttpHeaders, tls: boolean): boolean {
  const origin = headers.origin;
  if (origin === undefined || mode === 'off') return false;
  if (origin === `${tls ? 'https' : 'http'}://${headers.host}`) return false;
  if (cors.kind === 'any' || (cors.kind === 'origins' && cors.origins.has(origin))) return false;
  return mode === 'on' || headers.cookie !== undefined;
}
