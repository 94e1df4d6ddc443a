import { GraphQLError } from 'graphql';
import type { Logger } from '../observability/index.ts';

/** Codes whose messages are written for clients and therefore pass through masking unchanged. */
export const PUBLIC_ERROR_CODES: ReadonlySet<string> = new Set([
  'BAD_USER_INPUT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'SUBGRAPH_UNAVAILABLE',
  'PAYLOAD_TOO_LARGE',
  'CONFLICT',
  'AUDIT_UNAVAILABLE',
  'INPUT_TOO_DEEP',
  'MAX_DEPTH_EXCEEDED',
  'MAX_ALIASES_EXCEEDED',
  'MAX_DIRECTIVES_EXCEEDED',
  'MAX_TOKENS_EXCEEDED',
  'COST_LIMIT_EXCEEDED',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_HASH_MISMATCH',
  'PERSISTED_QUERY_NOT_ALLOWED',
  'RATE_LIMITED',
  'RATE_LIMIT_UNAVAILABLE',
]);

export interface MeshgateErrorOptions {
  code: string;
  /** Status for a transport-level failure; GraphQL field errors still answer 200. Default 400. */
  httpStatus?: number;
  /** Whether the same request may succeed if retried (a source outage), as kafkajs marks its errors. */
  retriable?: boolean;
  /** Extra, client-visible extension fields. */
  details?: Record<string, unknown>;
  /** The underlying failure: logged, never sent to clients. */
  cause?: unknown;
}

/**
 * An error whose message is written for API clients: it keeps its message and code through masking,
 * whatever the code. Put internals in `cause`, which is logged only.
 * graphql-js copies `extensions` onto the GraphQLError it wraps around a resolver's throw.
 */
export class MeshgateError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly retriable: boolean;
  readonly extensions: Readonly<Record<string, unknown>>;
  constructor(message: string, options: MeshgateErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MeshgateError';
    this.code = options.code;
    this.httpStatus = options.httpStatus ?? 400;
    this.retriable = options.retriable ?? false;
    this.extensions = { ...options.details, code: options.code };
  }
}

export const UNEXPECTED_ERROR_MESSAGE = 'Unexpected error.';

/** Extension keys that can carry internals (Apollo-style stack dumps) or masking flags. */
const PRIVATE_EXTENSION_KEYS = ['exception', 'stacktrace', 'safe'] as const;

/** Marks errors this module produced, so a second pass (graphql-http's formatError) leaves them alone. */
const SANITIZED = Symbol('meshgate.sanitized');

export interface MaskingScope {
  logger: Logger;
  requestId?: string;
}

/**
 * The single masking rule: a public code, `extensions.safe === true` or a MeshgateError keeps its
 * message and code (minus private extensions); anything else is logged with its stack and replaced
 * by `Unexpected error.` with code INTERNAL and the request id.
 */
export function sanitizeError(error: Readonly<Error>, scope: MaskingScope): GraphQLError {
  if ((error as { [SANITIZED]?: boolean })[SANITIZED]) return error as GraphQLError;
  const graphQLError = error instanceof GraphQLError ? error : undefined;
  const original = graphQLError?.originalError ?? (graphQLError ? undefined : error);
  const extensions = graphQLError?.extensions ?? (original as { extensions?: Record<string, unknown> })?.extensions;
  const code = typeof extensions?.code === 'string' ? extensions.code : undefined;
  const isPublic = original instanceof MeshgateError || extensions?.safe === true || (code !== undefined && PUBLIC_ERROR_CODES.has(code));
  if (isPublic) return mark(withPublicExtensions(error, graphQLError, extensions ?? {}));
  scope.logger.error({ err: original ?? error, requestId: scope.requestId, path: graphQLError?.path }, 'unexpected error masked');
  return mark(
    new GraphQLError(UNEXPECTED_ERROR_MESSAGE, {
      nodes: graphQLError?.nodes,
      source: graphQLError?.source,
      positions: graphQLError?.positions,
      path: graphQLError?.path,
      extensions: { code: 'INTERNAL', requestId: scope.requestId },
    }),
  );
}

function withPublicExtensions(error: Readonly<Error>, graphQLError: GraphQLError | undefined, extensions: Readonly<Record<string, unknown>>): GraphQLError {
  const clean: Record<string, unknown> = { ...extensions };
  for (const key of PRIVATE_EXTENSION_KEYS) delete clean[key];
  return new GraphQLError(error.message, {
    nodes: graphQLError?.nodes,
    source: graphQLError?.source,
    positions: graphQLError?.positions,
    path: graphQLError?.path,
    extensions: clean,
  });
}

function mark(error: GraphQLError): GraphQLError {
  Object.defineProperty(error, SANITIZED, { value: true });
  return error;
}

/** A GraphQLError carrying a code, e.g. for parse and validation failures. */
export function codedGraphQLError(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, code },
  });
}

/**
 * graphql-js reports variable coercion failures as a result without `data`, with errors that have no
 * code and either no cause or a GraphQLError cause (a scalar's parseValue): the client's input errors,
 * so they get BAD_USER_INPUT before masking. A plain-Error cause stays unclassified and is masked.
 */
export function codeRequestErrors(errors: readonly GraphQLError[]): readonly GraphQLError[] {
  return errors.map((error) =>
    error.extensions?.code === undefined && (error.originalError === undefined || error.originalError instanceof GraphQLError)
      ? codedGraphQLError(error, 'BAD_USER_INPUT')
      : error,
  );
}
