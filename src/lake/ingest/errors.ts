/** A failure of a whole batch (per-event problems are rejections in the result, never errors). */
export type IngestErrorCode =
  /** More events than `maxEvents`. */
  | 'BATCH_TOO_LARGE'
  /** The body exceeds `maxBytes`. */
  | 'PAYLOAD_TOO_LARGE'
  /** The body is not JSON or not a batch. */
  | 'BAD_REQUEST'
  /** The idempotency store failed before anything was produced; retry the batch. */
  | 'INGEST_UNAVAILABLE';

const HTTP_STATUS: Readonly<Record<IngestErrorCode, number>> = {
  BATCH_TOO_LARGE: 413,
  PAYLOAD_TOO_LARGE: 413,
  BAD_REQUEST: 400,
  INGEST_UNAVAILABLE: 503,
};

export class IngestError extends Error {
  readonly code: IngestErrorCode;
  readonly httpStatus: number;
  readonly retriable: boolean;
  readonly extensions: Readonly<Record<string, unknown>>;
  constructor(code: IngestErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IngestError';
    this.code = code;
    this.httpStatus = HTTP_STATUS[code];
    this.retriable = code === 'INGEST_UNAVAILABLE';
    // `safe` lets the gateway's masking pass the message and code to GraphQL clients (it strips the flag itself).
    this.extensions = { code, retriable: this.retriable, safe: true };
  }
}
