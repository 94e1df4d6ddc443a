import type { IncomingMessage } from 'node:http';
import { payloadTooLarge, readBodyWithLimit, sendError } from '../../routes/index.ts';
import type { GraphQLHttpHandler } from './graphql-handler.ts';
import { createRequestContext } from './request-context.ts';
import type { Exchange, RouteHandler } from './routes.ts';
import type { GraphQLEngine, HttpServerOptions } from './types.ts';

export interface GraphQLRouteOptions {
  resolveEngine: () => GraphQLEngine;
  handlerFor: (engine: GraphQLEngine) => GraphQLHttpHandler;
  maxBodyBytes: number;
  logger: HttpServerOptions['logger'];
  contextEnricher?: HttpServerOptions['contextEnricher'];
  onOperationComplete?: HttpServerOptions['onOperationComplete'];
  /** Browsers (Accept: text/html) get GraphiQL instead; absent when GraphiQL is disabled. */
  servePage?: RouteHandler;
  wantsHtml: (req: IncomingMessage) => boolean;
}

/**
 * The thin Node adapter around the graphql-http core: builds the RequestContext, enforces the body
 * limit, and writes graphql-http's response as is (no re-serialisation).
 */
export function createGraphQLRoute(options: GraphQLRouteOptions): RouteHandler {
  return async (exchange) => {
    const { req, res } = exchange;
    if (options.servePage && options.wantsHtml(req)) return options.servePage(exchange);
    const ctx = createRequestContext(exchange, options.logger);
    const complete = options.onOperationComplete;
    let completed = false;
    try {
      if (options.contextEnricher) await options.contextEnricher(ctx, req);
      let body: string | null = null;
      if (req.method === 'POST') {
        const read = await readBodyWithLimit(req, options.maxBodyBytes);
        if (read.kind === 'too-large') {
          completed = true;
          await complete?.(ctx, { status: 413 });
          return rejectOversizeBody(exchange, options.maxBodyBytes);
        }
        body = read.bytes.toString('utf8');
      }
      const handle = options.handlerFor(options.resolveEngine());
      const [responseBody, init] = await handle({
        method: req.method ?? 'GET',
        url: req.url ?? '/graphql',
        headers: req.headers,
        body,
        raw: req,
        context: ctx,
      });
      exchange.operationName = ctx.operationName;
      completed = true;
      await complete?.(ctx, { status: init.status });
      res.writeHead(init.status, init.statusText, init.headers).end(responseBody);
    } catch (error) {
      // A request that failed before completing is still recorded; the record's own failure is logged.
      if (complete && !completed) {
        await complete(ctx, { status: statusOf(error), error }).catch((e) =>
          ctx.logger.error({ err: e, requestId: ctx.requestId }, 'operation observer failed'),
        );
      }
      throw error;
    }
  };
}

function statusOf(error: unknown): number {
  const status = (error as { httpStatus?: unknown })?.httpStatus;
  return typeof status === 'number' ? status : 500;
}

/** Answer now and close the connection, so the rest of an oversize body is never read. */
function rejectOversizeBody(exchange: Exchange, maxBodyBytes: number): void {
  const { req, res, requestId } = exchange;
  const tooLarge = payloadTooLarge(maxBodyBytes);
  sendError(res, tooLarge.httpStatus, { code: tooLarge.code, message: tooLarge.message, requestId }, { connection: 'close' });
  // Discard what is still arriving until the socket closes, instead of resetting mid-response.
  req.resume();
}
