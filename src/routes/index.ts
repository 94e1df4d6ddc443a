/**
 * The route contract below the gateway: a `Route` (method, path, governed
 * or public, `handle(exchange)`) and its `RouteExchange` (request id,
 * governed context, bounded body reads, JSON answers, masked errors), plus
 * the pieces GraphQL and every route share: the request-id rule, the body
 * reader and the JSON/error writers. Planes import these from here; the
 * gateway's HTTP server builds the exchanges.
 */
export type {
  GovernedRoute,
  GovernedRouteExchange,
  PublicRoute,
  Route,
  RouteExchange,
  RouteMethod,
  RouteOutcome,
} from './route.ts';
export type { RouteExchangeOptions } from './exchange.ts';
export type { BodyReadResult } from './body.ts';
export type { ErrorAnswer } from './responses.ts';
export type { RouteErrorAnswer, RouteErrorScope } from './errors.ts';
export { createRouteExchange } from './exchange.ts';
export { requestIdFrom } from './request-id.ts';
export { payloadTooLarge, readBodyWithLimit, readBytes, readJson } from './body.ts';
export { errorBody, jsonPayload, sendError, sendJson } from './responses.ts';
export { routeErrorAnswer } from './errors.ts';
