/** What strict mode rejects with when a record cannot be made durable; the request must fail with it. */
export class AuditWriteError extends Error {
  readonly code = 'AUDIT_UNAVAILABLE';
  /** The database may be back on the next try. */
  readonly retriable = true;
  /** Service Unavailable: the gateway cannot account for the request, so it does not serve it. */
  readonly httpStatus = 503;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuditWriteError';
  }
}
