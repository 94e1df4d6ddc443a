/** Errors of live streams. `extensions.code` travels to the client: graphql-ws copies it from the original error. */

export type LiveErrorCode =
  /** The subscriber did not keep up: its queue overflowed and its stream was closed (others were not slowed). */
  | 'SLOW_SUBSCRIBER'
  /** The hub was closed (the gateway is shutting down). */
  | 'HUB_CLOSED'
  /** No dataset of that qualified name is streamed by this hub. */
  | 'UNKNOWN_DATASET';

export class LiveError extends Error {
  readonly code: LiveErrorCode;
  readonly extensions: { code: LiveErrorCode; safe: true };
  constructor(code: LiveErrorCode, message: string) {
    super(message);
    this.name = 'LiveError';
    this.code = code;
    // `safe`: the API's masking passes the message and code to clients (and strips the flag).
    this.extensions = { code, safe: true };
  }
}
