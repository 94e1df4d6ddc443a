/**
 * The HTTP status of a public error code, for answers outside GraphQL's
 * `{ data, errors }` (routes, transport failures). An error that carries its
 * own `httpStatus` (MeshgateError, a plane's coded errors) keeps it.
 */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  GRAPHQL_PARSE_FAILED: 400,
  MAX_DEPTH_EXCEEDED: 400,
  MAX_ALIASES_EXCEEDED: 400,
  MAX_DIRECTIVES_EXCEEDED: 400,
  MAX_TOKENS_EXCEEDED: 400,
  COST_LIMIT_EXCEEDED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PERSISTED_QUERY_NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  SUBGRAPH_UNAVAILABLE: 502,
  AUDIT_UNAVAILABLE: 503,
  INTERNAL: 500,
  PERSISTED_QUERY_NOT_SUPPORTED: 400,
  PERSISTED_QUERY_HASH_MISMATCH: 400,
  PERSISTED_QUERY_NOT_ALLOWED: 400,
  RATE_LIMITED: 429,
  RATE_LIMIT_UNAVAILABLE: 503,
};

/** `error.httpStatus` when it has one, else the status of `code` (400 for a code not listed). */
export function httpStatusOf(error: unknown, code: string): number {
  const own = (error as { httpStatus?: unknown } | null | undefined)?.httpStatus;
  if (typeof own === 'number' && Number.isInteger(own) && own >= 400 && own <= 599) return own;
  return STATUS_BY_CODE[code] ?? 400;
}

/** Whether the same request may succeed if retried: the error's own flag, else true exactly for 503. */
export function isRetriable(error: unknown, status: number): boolean {
  const own = (error as { retriable?: unknown } | null | undefined)?.retriable;
  return typeof own === 'boolean' ? own : status === 503;
}
