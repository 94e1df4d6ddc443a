/**
 * Routes of other modules (the src/routes contract) on the gateway's route
 * table. The server already assigned the request id and writes the HTTP log
 * line; here a governed route's caller is authenticated with the enricher
 * GraphQL requests use, and its access record is completed before the answer
 * is written (a refused request's record is best effort, as on /graphql).
 */
import { governedContext, type GovernedContext } from '../../governed/index.ts';
import { createRouteExchange, type GovernedRoute, type Route, type RouteExchange, type RouteExchangeOptions, type RouteOutcome } from '../../routes/index.ts';
import { createRequestContext } from './request-context.ts';
import type { Exchange, RouteTable } from './routes.ts';
import type { HttpServerOptions, RequestContext } from './types.ts';

export interface MountOptions {
  logger: HttpServerOptions['logger'];
  /** The server's body limit, for routes that set none. */
  maxBodyBytes: number;
  contextEnricher?: HttpServerOptions['contextEnricher'];
  onOperationComplete?: HttpServerOptions['onOperationComplete'];
}

export function mountRoutes(table: RouteTable, routes: readonly Route[], options: MountOptions): void {
  for (const route of routes) table.add(route.method, route.path, (exchange) => serveRoute(route, exchange, options));
}

function serveRoute(route: Route, exchange: Exchange, options: MountOptions): Promise<void> {
  switch (route.governance) {
    case 'public':
      return run(route, createRouteExchange(exchangeOptions(route, exchange, options)), (routeExchange) => route.handle(routeExchange), options);
    case 'governed':
      return serveGoverned(route, exchange, options);
    default:
      return assertNever(route);
  }
}

async function serveGoverned(route: GovernedRoute, exchange: Exchange, options: MountOptions): Promise<void> {
  const ctx = createRequestContext(exchange, options.logger, `${exchange.req.method} ${exchange.path}`);
  let governed: GovernedContext | { refusal: unknown };
  try {
    await options.contextEnricher?.(ctx, exchange.req);
    // Fails closed (FORBIDDEN) when the enricher left no actor, decider or collector.
    governed = governedContext(ctx, `${route.path} requests`);
  } catch (error) {
    governed = { refusal: error };
  }
  const refused = 'refusal' in governed;
  const base = { ...exchangeOptions(route, exchange, options), beforeAnswer: (outcome: RouteOutcome) => complete(ctx, outcome, refused, options) };
  if ('refusal' in governed) return createRouteExchange(base).sendError(governed.refusal);
  return run(route, createRouteExchange(base, governed), (routeExchange) => route.handle(routeExchange), options);
}

/** Strict for a served request (a failed record fails the answer); best effort for a refused one. */
async function complete(ctx: RequestContext, outcome: RouteOutcome, refused: boolean, options: MountOptions): Promise<void> {
  if (!options.onOperationComplete) return;
  if (!refused) return options.onOperationComplete(ctx, outcome);
  await options
    .onOperationComplete(ctx, outcome)
    .catch((error: unknown) => options.logger.error({ err: error, requestId: ctx.requestId }, 'operation observer failed'));
}

/** Runs the handler; a throw before answering is answered as that error, a route that never answers is a masked 500. */
async function run<E extends RouteExchange>(route: Route, exchange: E, handle: (exchange: E) => Promise<void> | void, options: MountOptions): Promise<void> {
  try {
    await handle(exchange);
  } catch (error) {
    if (!exchange.answered) return exchange.sendError(error);
    options.logger.error({ err: error, requestId: exchange.requestId, path: route.path }, 'route failed after answering');
    return;
  }
  if (!exchange.answered) await exchange.sendError(new Error(`route ${route.method} ${route.path} returned without answering`));
}

function exchangeOptions(route: Route, exchange: Exchange, options: MountOptions): RouteExchangeOptions {
  return {
    req: exchange.req,
    res: exchange.res,
    requestId: exchange.requestId,
    path: exchange.path,
    logger: options.logger,
    maxBodyBytes: route.maxBodyBytes ?? options.maxBodyBytes,
  };
}

function assertNever(value: never): never {
  throw new Error(`unhandled route kind: ${JSON.stringify(value)}`);
}
