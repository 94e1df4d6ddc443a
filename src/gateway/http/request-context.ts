import type { Exchange } from './routes.ts';
import type { HttpServerOptions, RequestContext } from './types.ts';

/**
 * The per-request context of a GraphQL request or a governed route, before the enricher
 * authenticates it. Its request id is the one the server assigned to the exchange.
 */
export function createRequestContext(exchange: Exchange, logger: HttpServerOptions['logger'], operationName: string | null = null): RequestContext {
  const { req, requestId } = exchange;
  return {
    requestId,
    startedAt: Date.now(),
    // Node gives string values for every request header but set-cookie, which requests do not carry.
    headers: req.headers as Record<string, string | undefined>,
    ip: req.socket.remoteAddress,
    userAgent: req.headers['user-agent'],
    operationName,
    logger,
  };
}
