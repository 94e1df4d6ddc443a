import type { IncomingMessage } from 'node:http';
import type { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema, OperationDefinitionNode, ValidationRule } from 'graphql';
import type { Logger } from '../../observability/index.ts';
import type { Route } from '../../routes/index.ts';
import type { MeshgateError } from '../../api/index.ts';

/** What the HTTP layer needs from the federation engine. */
export interface GraphQLEngine {
  readonly apiSchema: GraphQLSchema;
  /** Runs an already parsed and validated document against `apiSchema`. */
  execute(args: EngineExecuteArgs): Promise<ExecutionResult>;
}

export interface EngineExecuteArgs {
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
  contextValue: RequestContext;
}

/**
 * Per-request state handed to the engine and to resolvers. Later issues add fields
 * (actor, ability, audit) through `contextEnricher`; nothing per request lives in module globals.
 */
export interface RequestContext {
  requestId: string;
  /** Epoch milliseconds when the request arrived. */
  startedAt: number;
  /** The raw incoming headers (lower-cased names). */
  headers: Record<string, string | undefined>;
  ip?: string;
  userAgent?: string;
  operationName?: string | null;
  logger: Logger;
  /** The operation as received, once graphql-http parsed the request parameters. */
  operation?: { query: string; variables: Record<string, unknown> | null; type: 'query' | 'mutation' | 'subscription' | null };
  /** The hash this request's document is registered under once it validates (an APQ registration). */
  registerDocumentAs?: string;
  /** The engine's result (errors already masked), once executed. */
  result?: ExecutionResult;
  [key: string]: unknown;
}

/** The request error that refuses an operation over the caller's budget, or undefined to run it. */
export type CostCheck = (
  ctx: RequestContext,
  request: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operation: OperationDefinitionNode;
    variables: Record<string, unknown> | null | undefined;
  },
) => Promise<GraphQLError | undefined>;
/** A request's raw `query` and `extensions`, before graphql-http checks them (either may be anything). */
export interface DocumentRequest {
  query: unknown;
  extensions: unknown;
}

/**
 * What trusted documents make of a request: run the text as sent; run the stored text of the hash
 * sent alone; run as sent and register the text under `hash` once it validated; or refuse.
 */
export type DocumentDecision =
  | { kind: 'as-sent' }
  | { kind: 'resolved'; query: string }
  | { kind: 'register'; hash: string }
  | { kind: 'refused'; error: MeshgateError };

/** Automatic persisted queries and the safelist (src/gateway/trusted-documents), as the HTTP layer consults them. */
export interface TrustedDocuments {
  decide(request: DocumentRequest): Promise<DocumentDecision>;
  /** Called only for a document that parsed and validated; a failure is the store's to log. */
  register(hash: string, query: string): Promise<void>;
}

export interface OperationOutcome {
  status: number;
  error?: unknown;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, boolean>;
}

export interface HttpServerOptions {
  /** A function lets the gateway swap schemas (hot reload): it is called once per GraphQL request. */
  engine: GraphQLEngine | (() => GraphQLEngine);
  logger: Logger;
  /** Serve GraphiQL at `GET /graphiql` and to browsers at `GET /graphql`. Default true. */
  graphiql?: boolean;
  /** Largest accepted GraphQL request body, and of routes that set none; larger gets 413 PAYLOAD_TOO_LARGE. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Parsed+validated documents kept per schema, by query text (LRU). Default 1000. */
  documentCacheSize?: number;
  /** Appended to graphql-js's specified rules: the hook for depth/cost limits. */
  validationRules?: readonly ValidationRule[];
  /** How deep literal and variable input values may nest; deeper is INPUT_TOO_DEEP. Default 32. */
  maxInputDepth?: number;
  /** Tokens, depth, aliases and directives of an operation; over one is MAX_*_EXCEEDED. Default DEFAULT_OPERATION_LIMITS. */
  operationLimits?: import('./operation-limits.ts').OperationLimits;
  /** Refuses an operation over the caller's cost budget (COST_LIMIT_EXCEEDED), before it runs. */
  costCheck?: CostCheck;
  /** Persisted queries and the safelist; absent, every request runs the text it sends. */
  trustedDocuments?: TrustedDocuments;
  readiness?: () => Promise<ReadinessReport>;
  /** Routes of other modules (ingestion, metrics); governed ones get the enricher and the completion below. */
  extraRoutes?: readonly Route[];
  /**
   * Runs before a GraphQL operation or a governed route, to attach the authenticated actor, its
   * decisions and its access collector. A throw refuses the request: a public error (401
   * UNAUTHENTICATED) answers as such, anything else is a masked 500.
   */
  contextEnricher?: (ctx: RequestContext, req: IncomingMessage) => Promise<void> | void;
  /**
   * Runs once per GraphQL request and per governed route request, after execution or rejection
   * and before the response is written (the access log). `status` is the HTTP status the response
   * has; `error` what failed the request, if anything. A throw fails the request instead (strict
   * auditing), except for a request the enricher refused, which is answered as refused.
   */
  onOperationComplete?: (ctx: RequestContext, outcome: OperationOutcome) => Promise<void>;
  /** Which cross-origin pages may call the gateway; absent: none (no CORS header at all). */
  cors?: import('./hygiene/index.ts').CorsPolicy;
  /** Refusal of simple (unpreflighted) requests to /graphql and mounted routes; default `cookies`. */
  csrfPrevention?: import('./hygiene/index.ts').CsrfPrevention;
  /** Serve HTTPS (and WSS for live subscriptions) with this PEM certificate chain and private key instead of HTTP. */
  tls?: TlsListener;
}

export interface TlsListener {
  cert: string;
  key: string;
}

export interface GatewayHttpServer {
  /** An https.Server when serving TLS (it is an http.Server too: live subscriptions attach the same way). */
  server: import('node:http').Server;
  /** Host defaults to 127.0.0.1; port 0 picks a free one. The URL is https:// when serving TLS. */
  listen(port: number, host?: string): Promise<{ url: string }>;
  close(): Promise<void>;
}
