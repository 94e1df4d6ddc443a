/**
 * The Node side of a RouteExchange: bounded body reads, one answer, and the
 * completion hook that runs before the answer is written (the access record).
 * Built by the gateway's HTTP server for every request to a route.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GovernedContext } from '../governed/index.ts';
import type { Logger } from '../observability/index.ts';
import { readBytes, readJson } from './body.ts';
import { routeErrorAnswer } from './errors.ts';
import { errorBody, jsonPayload } from './responses.ts';
import type { GovernedRouteExchange, RouteExchange, RouteOutcome } from './route.ts';

export interface RouteExchangeOptions {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  /** The request path without its query string. */
  path: string;
  logger: Logger;
  maxBodyBytes: number;
  /**
   * Runs once, before the answer is written, with its status and error (the access record).
   * A throw replaces the answer: that error, masked like any other, with 503 when it is not public.
   */
  beforeAnswer?: (outcome: RouteOutcome) => Promise<void>;
}

export function createRouteExchange(options: RouteExchangeOptions): RouteExchange;
export function createRouteExchange(options: RouteExchangeOptions, context: GovernedContext): GovernedRouteExchange;
export function createRouteExchange(options: RouteExchangeOptions, context?: GovernedContext): RouteExchange | GovernedRouteExchange {
  const { req, requestId, logger, maxBodyBytes } = options;
  const answer = answerOnce(options);
  const exchange: RouteExchange & { context: GovernedContext | undefined } = {
    requestId,
    context,
    method: req.method ?? 'GET',
    path: options.path,
    headers: req.headers,
    readBytes: () => readBytes(req, maxBodyBytes),
    readJson: () => readJson(req, maxBodyBytes),
    sendJson(status, body, headers = {}) {
      const payload = jsonPayload(body, headers);
      return answer.send(status, payload.text, payload.headers);
    },
    send(status, body, headers) {
      return answer.send(status, body, { ...headers, 'content-length': Buffer.byteLength(body) });
    },
    sendError(error) {
      const failed = routeErrorAnswer(error, { logger, requestId });
      const payload = jsonPayload(errorBody(failed), failed.headers);
      return answer.send(failed.status, payload.text, payload.headers, error);
    },
    get answered() {
      return answer.answered;
    },
  };
  return exchange;
}

/** The single answer of an exchange: completion first, then the write (or the completion's failure). */
function answerOnce(options: RouteExchangeOptions) {
  const { requestId, logger } = options;
  let answered = false;
  return {
    get answered() {
      return answered;
    },
    async send(status: number, body: string | Buffer, headers: Record<string, string | number>, error?: unknown): Promise<void> {
      if (answered) throw new Error(`${options.req.method} ${options.path} answered twice`);
      answered = true;
      try {
        await options.beforeAnswer?.(error === undefined ? { status } : { status, error });
      } catch (failure) {
        logger.error({ err: failure, requestId, path: options.path, status }, 'request not completed; answering the failure instead');
        const failed = routeErrorAnswer(failure, { logger, requestId, maskedStatus: 503 });
        const payload = jsonPayload(errorBody(failed), failed.headers);
        return write(options, failed.status, payload.text, payload.headers);
      }
      write(options, status, body, headers);
    },
  };
}

/**
 * Writes the answer. A body the route did not read (refused before reading, or over its limit)
 * is discarded; after a 413 the connection is closed, so the rest is never read into nothing.
 */
function write(options: RouteExchangeOptions, status: number, body: string | Buffer, headers: Record<string, string | number>): void {
  const { req, res } = options;
  const unread = !req.readableEnded;
  res.writeHead(status, unread && status === 413 ? { ...headers, connection: 'close' } : headers);
  res.end(body);
  if (unread) req.resume();
}
