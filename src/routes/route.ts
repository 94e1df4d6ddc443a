/**
 * The contract of an HTTP route below the gateway. A module (the lake's
 * ingestion, metrics, later planes) declares routes; the gateway's HTTP server
 * serves them: it assigns the request id, authenticates governed routes with
 * the enricher GraphQL requests use, writes the HTTP log line and completes
 * the access record. A route sees only its exchange, never Node's req/res.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { GovernedContext } from '../governed/index.ts';

export type RouteMethod = 'GET' | 'POST';

/**
 * One request and its single answer. Every `send*` answers once (a second
 * call throws) and resolves when the answer is written; for a governed route
 * the access record is written first, and when it cannot be, the answer is
 * that failure instead (503 AUDIT_UNAVAILABLE in strict mode).
 */
export interface RouteExchange {
  /** The request's id: the same in the `x-request-id` header, the HTTP log line and the access record. */
  readonly requestId: string;
  readonly method: string;
  /** The path, without the query string. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body, at most the route's `maxBodyBytes`: a larger one throws 413 PAYLOAD_TOO_LARGE. */
  readBytes(): Promise<Buffer>;
  /** The body as JSON: 413 PAYLOAD_TOO_LARGE past the limit, 400 BAD_REQUEST with the parser's message. */
  readJson(): Promise<unknown>;
  /** Answers with a JSON body. */
  sendJson(status: number, body: unknown, headers?: Record<string, string>): Promise<void>;
  /** Answers with any body (e.g. Prometheus text); `headers` should name its content type. */
  send(status: number, body: string | Buffer, headers: Record<string, string>): Promise<void>;
  /** Answers a failure with the API's masking and codes (see errors.ts): `{ errors: [{ message, extensions: { code, retriable } }] }`. */
  sendError(error: unknown): Promise<void>;
  /** Whether one of the `send*` was called. */
  readonly answered: boolean;
}

/** A governed route's exchange: the caller is authenticated and its decisions and access collector are on `context`. */
export interface GovernedRouteExchange extends RouteExchange {
  readonly context: GovernedContext;
}

interface RouteShape {
  method: RouteMethod;
  /** Exact path, without query string. */
  path: string;
  /** Largest body `readBytes`/`readJson` accept; default the server's limit (1 MiB). */
  maxBodyBytes?: number;
}

/** Authenticated like GraphQL, one access record per request, answered only once the record is written. */
export interface GovernedRoute extends RouteShape {
  governance: 'governed';
  handle(exchange: GovernedRouteExchange): Promise<void> | void;
}

/** No actor, no access record (health, metrics). */
export interface PublicRoute extends RouteShape {
  governance: 'public';
  handle(exchange: RouteExchange): Promise<void> | void;
}

export type Route = GovernedRoute | PublicRoute;

/** How a request ended, for its access record: the status answered and the error answered, if any. */
export interface RouteOutcome {
  status: number;
  error?: unknown;
}
