import { randomUUID } from 'node:crypto';

/** A client-supplied id is reused only when it is a plain token: it ends up in logs and headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}
