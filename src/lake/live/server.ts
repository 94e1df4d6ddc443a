/**
 * Live subscriptions over WebSocket (the graphql-transport-ws protocol of
 * `graphql-ws`) on an existing node:http server, at one path.
 *
 * Authentication: the bearer token comes from `connectionParams.authorization`
 * or else the upgrade request's Authorization header. A token refused at
 * connection init closes the socket with 4403 (graphql-ws's Forbidden).
 * `authenticate` runs again for every subscription, so each one has a context
 * of its own (its own access record, the policies current when it starts).
 *
 * Governance: after the subscribe step the context carries `operation` and
 * `result` (the refusal's errors, or `{ data: {} }` for a stream that
 * started), the shape the gateway's access log reads; `onSubscribe` is then
 * called once per subscription. If it throws (strict audit), the stream is
 * not started and the client gets AUDIT_UNAVAILABLE.
 *
 * Errors without a code are masked as INTERNAL (and logged).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, parse, validate, type DocumentNode, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { httpStatusOf, sanitizeError, type InputChecks } from '../../api/index.ts';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { GovernedContext } from '../../governed/index.ts';
import type { Logger } from '../../observability/index.ts';
import type { LiveHub } from './hub.ts';
import type { LiveRoot } from './schema.ts';

export const LIVE_PATH = '/graphql/live';

export interface LiveAuthRequest {
  /** `Bearer …` from `connectionParams.authorization`, else the upgrade request's header; undefined when neither. */
  authorization: string | undefined;
  connectionParams: Readonly<Record<string, unknown>> | undefined;
  request: IncomingMessage;
}

export interface LiveOutcome {
  /** What an HTTP request would have answered: 200 for a started stream, 400/401/403/500 for a refused one. */
  status: number;
  error?: unknown;
}

/** Fields the server sets on the context after the subscribe step (the gateway's RequestContext has them). */
export interface LiveOperationFields {
  operation?: { query: string; variables: Record<string, unknown> | null; type: 'query' | 'mutation' | 'subscription' | null };
  result?: ExecutionResult;
}

export interface LiveServerOptions<C extends GovernedContext> {
  server: Server;
  /** Default `/graphql/live`. */
  path?: string;
  hub: LiveHub;
  schema: GraphQLSchema;
  /** The governed context for a caller; throws when the token is refused. */
  authenticate(request: LiveAuthRequest): Promise<C>;
  onSubscribe?(ctx: C & LiveOperationFields, outcome: LiveOutcome): Promise<void> | void;
  logger: Logger;
  /** WebSocket ping interval (default 12 s); a peer that misses a pong is dropped. */
  keepAliveMs?: number;
  /** The gateway's input limits (depth, NUL, variable coercion), run before parsing and after validation. */
  inputChecks?: InputChecks;
  /** False refuses an upgrade with 403 before the handshake (the gateway's cross-site check); absent: every upgrade. */
  acceptsUpgrade?: (request: IncomingMessage) => boolean;
}

export interface LiveServer {
  readonly path: string;
  /** Closes every live socket (1001) and stops accepting upgrades; the http server stays up. */
  close(): Promise<void>;
}

function authorizationOf(connectionParams: Readonly<Record<string, unknown>> | undefined, request: IncomingMessage): string | undefined {
  const fromParams = connectionParams?.authorization ?? connectionParams?.Authorization;
  if (typeof fromParams === 'string' && fromParams.length > 0) return fromParams;
  return request.headers.authorization;
}

/** The HTTP status the refused subscription's access record gets, by the API's one code → status table. */
function statusOf(result: ExecutionResult): number {
  const error = result.errors?.[0];
  const code = error?.extensions?.code;
  return typeof code === 'string' ? httpStatusOf(error?.originalError, code) : 500;
}

/** The API's one masking rule: public codes keep their message, anything else is INTERNAL, logged, without internals. */
function maskError(error: GraphQLError, logger: Logger): GraphQLFormattedError {
  return sanitizeError(error, { logger }).toJSON();
}

function parseDocument(query: string): DocumentNode | readonly GraphQLError[] {
  try {
    return parse(query);
  } catch (error) {
    return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
  }
}

function validationFailed(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
}

type Authenticate<C> = (connectionParams: Readonly<Record<string, unknown>> | undefined, extra: Extra) => Promise<C>;
type ServerHooks = Parameters<typeof useServer<Record<string, unknown> | undefined>>[0];

/** Parses and validates the operation and authenticates the caller afresh: each subscription gets a context of its own. */
function subscribeHook<C extends GovernedContext>(
  schema: GraphQLSchema,
  rootValue: LiveRoot,
  auth: Authenticate<C>,
  checks?: InputChecks,
): ServerHooks['onSubscribe'] {
  return async (ctx, _id, payload) => {
    const tooDeep = checks?.beforeParse(payload.query);
    if (tooDeep) return [tooDeep];
    const document = parseDocument(payload.query);
    if (Array.isArray(document)) return document as readonly GraphQLError[];
    const overLimit = checks?.afterParse?.(document as DocumentNode);
    if (overLimit) return [overLimit];
    const invalid = validate(schema, document as DocumentNode);
    if (invalid.length > 0) return validationFailed(invalid);
    const badInput = checks?.afterValidate(schema, document as DocumentNode, payload.operationName, payload.variables) ?? [];
    if (badInput.length > 0) return badInput;
    let contextValue: C & LiveOperationFields;
    try {
      contextValue = await auth(ctx.connectionParams, ctx.extra);
    } catch {
      return [new GraphQLError('The bearer token was refused.', { extensions: { code: 'UNAUTHENTICATED' } })];
    }
    contextValue.operation = { query: payload.query, variables: payload.variables ?? null, type: 'subscription' };
    return { schema, document: document as DocumentNode, operationName: payload.operationName, variableValues: payload.variables, contextValue, rootValue };
  };
}

/** Puts the subscribe step's outcome on the context and hands it to `onSubscribe`; a failing hook refuses the stream. */
function operationHook<C extends GovernedContext>(options: LiveServerOptions<C>): ServerHooks['onOperation'] {
  return async (_ctx, _id, _payload, args, result) => {
    const contextValue = args.contextValue as C & LiveOperationFields;
    const started = Symbol.asyncIterator in result;
    contextValue.result = started ? { data: {} } : (result as ExecutionResult);
    try {
      await options.onSubscribe?.(contextValue, { status: started ? 200 : statusOf(result as ExecutionResult) });
      return undefined;
    } catch (error) {
      options.logger.error({ err: error }, 'live: the subscription could not be recorded; refusing it');
      if (started) await (result as AsyncGenerator).return?.(undefined);
      const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'INTERNAL';
      return { errors: [new GraphQLError('The access log is unavailable; the subscription was not started.', { extensions: { code, safe: true } })] };
    }
  };
}

export function attachLiveServer<C extends GovernedContext>(options: LiveServerOptions<C>): LiveServer {
  const path = options.path ?? LIVE_PATH;
  const { schema, logger } = options;
  const wss = new WebSocketServer({ noServer: true });
  const auth: Authenticate<C> = (connectionParams, extra) =>
    options.authenticate({ authorization: authorizationOf(connectionParams, extra.request), connectionParams, request: extra.request });
  const disposable = useServer<Record<string, unknown> | undefined>(
    {
      schema,
      isProd: true,
      onConnect: (ctx) =>
        auth(ctx.connectionParams, ctx.extra).then(
          () => true,
          (error: unknown) => {
            logger.debug({ err: error }, 'live: connection refused');
            return false;
          },
        ),
      onSubscribe: subscribeHook(schema, { hub: options.hub }, auth, options.inputChecks),
      onOperation: operationHook(options),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((error) => maskError(error, logger)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => maskError(error, logger)),
    },
    wss,
    options.keepAliveMs,
  );
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((request.url ?? '').split('?')[0] === path) {
      if (options.acceptsUpgrade && !options.acceptsUpgrade(request)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    } else if (options.server.listenerCount('upgrade') === 1) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
  };
  options.server.on('upgrade', onUpgrade);
  return {
    path,
    async close() {
      options.server.off('upgrade', onUpgrade);
      await disposable.dispose();
    },
  };
}
