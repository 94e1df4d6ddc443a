import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { requestIdFrom, routeErrorAnswer, sendError } from '../../routes/index.ts';
import { addGraphiQLRoutes, wantsHtml } from './graphiql-routes.ts';
import { createHandlerResolver } from './graphql-handler.ts';
import { createGraphQLRoute } from './graphql-route.ts';
import { createReadinessRoute, serveLiveness } from './health.ts';
import { mountRoutes } from './mounted-routes.ts';
import { RouteTable, pathOf } from './routes.ts';
import type { Exchange } from './routes.ts';
import type { GatewayHttpServer, HttpServerOptions } from './types.ts';
import { assertNever } from '../../common/index.ts';
import { createRequestHygiene, type RequestHygiene } from './hygiene/index.ts';

export const GRAPHQL_PATH = '/graphql';
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_DOCUMENT_CACHE_SIZE = 1000;

/**
 * The gateway's HTTP server: GraphQL, GraphiQL, health probes and routes mounted by other modules.
 * Every request gets its id here, once (see src/routes request-id.ts), its security and CORS
 * headers, the CSRF check, and one HTTP log line with its id. HTTPS instead of HTTP with `tls`.
 */
export function createGatewayHttpServer(options: HttpServerOptions): GatewayHttpServer {
  const routes = buildRoutes(options);
  const { logger } = options;
  const hygiene = createRequestHygiene({
    cors: options.cors,
    csrfPrevention: options.csrfPrevention,
    tls: options.tls !== undefined,
    csrfGuardedPaths: new Set([GRAPHQL_PATH, ...(options.extraRoutes ?? []).map((route) => route.path)]),
    isPageRequest: (req) => options.graphiql !== false && wantsHtml(req),
  });
  const listener = (req: IncomingMessage, res: ServerResponse) => void handleRequest(routes, hygiene, logger, req, res);
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener) : createServer(listener);
  const scheme = options.tls ? 'https' : 'http';
  return {
    server,
    listen: (port, host = '127.0.0.1') => listen(server, scheme, port, host),
    close: () => close(server),
  };
}

function buildRoutes(options: HttpServerOptions): RouteTable {
  const routes = new RouteTable();
  const engine = options.engine;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const graphiql = options.graphiql === false ? undefined : addGraphiQLRoutes(routes, GRAPHQL_PATH);
  const graphqlRoute = createGraphQLRoute({
    resolveEngine: typeof engine === 'function' ? engine : () => engine,
    handlerFor: createHandlerResolver({
      logger: options.logger,
      documentCacheSize: options.documentCacheSize ?? DEFAULT_DOCUMENT_CACHE_SIZE,
      validationRules: options.validationRules,
      maxInputDepth: options.maxInputDepth,
      operationLimits: options.operationLimits,
      costCheck: options.costCheck,
      trustedDocuments: options.trustedDocuments,
    }),
    maxBodyBytes,
    logger: options.logger,
    contextEnricher: options.contextEnricher,
    onOperationComplete: options.onOperationComplete,
    servePage: graphiql?.servePage,
    wantsHtml,
  });
  routes.add('GET', GRAPHQL_PATH, graphqlRoute).add('POST', GRAPHQL_PATH, graphqlRoute);
  routes.add('GET', '/healthz', serveLiveness);
  routes.add('GET', '/readyz', createReadinessRoute(options.readiness, options.logger));
  mountRoutes(routes, options.extraRoutes ?? [], {
    logger: options.logger,
    maxBodyBytes,
    contextEnricher: options.contextEnricher,
    onOperationComplete: options.onOperationComplete,
  });
  return routes;
}

async function handleRequest(
  routes: RouteTable,
  hygiene: RequestHygiene,
  logger: HttpServerOptions['logger'],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const startedAt = performance.now();
  const exchange: Exchange = { req, res, requestId: requestIdFrom(req.headers['x-request-id']), path: pathOf(req.url) };
  res.setHeader('x-request-id', exchange.requestId);
  res.once('finish', () => logAccess(logger, exchange, startedAt));
  try {
    if (hygiene(req, res, exchange.path, exchange.requestId) === 'answered') return;
    const route = routes.match(req.method ?? 'GET', exchange.path);
    switch (route.kind) {
      case 'found':
        return await route.handler(exchange);
      case 'no-path':
        return sendError(res, 404, { code: 'NOT_FOUND', message: 'Not found.', requestId: exchange.requestId });
      case 'wrong-method':
        return sendError(
          res,
          405,
          { code: 'METHOD_NOT_ALLOWED', message: `Method ${req.method} is not allowed here.`, requestId: exchange.requestId },
          { allow: route.allow },
        );
      default:
        return assertNever(route);
    }
  } catch (error) {
    failRequest(logger, exchange, error);
  }
}

/**
 * A throw escaping the GraphQL route or a health probe, by the API's masking: a public error answers
 * its own status and code, anything else is logged and a masked 500 INTERNAL.
 */
function failRequest(logger: HttpServerOptions['logger'], exchange: Exchange, error: unknown): void {
  const { res, requestId } = exchange;
  const failed = routeErrorAnswer(error, { logger, requestId });
  if (res.headersSent) {
    if (failed.code !== 'INTERNAL') logger.error({ err: error, requestId, path: exchange.path }, 'request failed after answering');
    res.destroy();
    return;
  }
  // The error's public extensions (RATE_LIMITED's retryAfter) but not `retriable`, which GraphQL answers do not carry.
  const { retriable: _retriable, ...extensions } = failed.extensions ?? {};
  sendError(res, failed.status, { code: failed.code, message: failed.message, requestId, extensions }, failed.headers);
}

/** One line per request; the base logger with a plain object, no child logger allocation. */
function logAccess(logger: HttpServerOptions['logger'], exchange: Exchange, startedAt: number): void {
  if (!logger.isLevelEnabled('info')) return;
  logger.info(
    {
      method: exchange.req.method,
      path: exchange.path,
      status: exchange.res.statusCode,
      durationMs: Math.round((performance.now() - startedAt) * 100) / 100,
      operationName: exchange.operationName ?? undefined,
      requestId: exchange.requestId,
    },
    'request',
  );
}

function listen(server: Server, scheme: 'http' | 'https', port: number, host: string): Promise<{ url: string }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({ url: `${scheme}://${shownHost}:${address.port}` });
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) return resolve();
    server.close((error) => (error ? reject(error) : resolve()));
    // Idle keep-alive sockets would otherwise hold close() open until they time out.
    server.closeIdleConnections();
  });
}
