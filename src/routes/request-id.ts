import { randomUUID } from 'node:crypto';

/** A client-supplied id is reused only when it is a plain token: it ends up in logs and headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The one request-id rule of every request (GraphQL, routes, live subscriptions): the client's
 * `x-request-id` when it is a plain token, else a new UUID. The gateway applies it once per
 * request; the response header, the HTTP log line and the access record all carry that id.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}
