/**
 * HTTP ingestion routes:
 * - `POST /v1/events`: `{ "events": [ { dataset, eventId?, data } … ] }` or the bare array;
 * - `POST /v1/batch`: a Segment batch, `{ "batch": [ …messages ], "context"?: {…} }`
 *   (a batch-level `context` applies to messages without their own);
 * - `POST /v1/track`: one Segment `track` message.
 * Answers: 200 `{ accepted, rejected }` whenever the batch was processed, even
 * when some or all events were rejected (per-event codes say why); 503 with
 * the same body when nothing was accepted and every rejection is retriable
 * (so Segment clients retry); 413 PAYLOAD_TOO_LARGE / BATCH_TOO_LARGE;
 * 400 BAD_REQUEST for malformed JSON or a body that is not a batch;
 * 503 INGEST_UNAVAILABLE (retry) when the idempotency store failed.
 * Errors use the gateway's `{ errors: [{ message, extensions: { code } }] }`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExtraRoute } from '../../gateway/http/index.ts';
import type { GovernedContext } from '../../governed/index.ts';
import type { Logger } from '../../observability/index.ts';
import { IngestError } from './errors.ts';
import { readJsonBody } from './http-body.ts';
import type { Ingestor, IngestResult } from './types.ts';
import { assertNever } from '../../common/index.ts';

export const EVENTS_PATH = '/v1/events';
export const SEGMENT_BATCH_PATH = '/v1/batch';
export const SEGMENT_TRACK_PATH = '/v1/track';

export interface EventsRoutesOptions<C extends GovernedContext> {
  /** The caller's context (decider, collector, actor). A throw with `code` and `httpStatus` (UNAUTHENTICATED, 401) is answered as such. */
  authenticate(req: IncomingMessage): Promise<C>;
  /** Runs after the batch, before answering (the access log); a throw answers 503 with its code — a retry is safe (idempotent). */
  onComplete?(ctx: C, outcome: { status: number; result?: IngestResult; error?: unknown }): Promise<void>;
  /** Where unexpected failures (answered 500, masked) are logged. */
  logger?: Logger;
}

type Shape = 'events' | 'segment-batch' | 'segment-track';

export function eventsRoutes<C extends GovernedContext>(ingestor: Ingestor, options: EventsRoutesOptions<C>): ExtraRoute[] {
  const route = (path: string, shape: Shape): ExtraRoute => ({
    method: 'POST',
    path,
    handle: (req, res) => handle(ingestor, options, shape, req, res),
  });
  return [route(EVENTS_PATH, 'events'), route(SEGMENT_BATCH_PATH, 'segment-batch'), route(SEGMENT_TRACK_PATH, 'segment-track')];
}

async function handle<C extends GovernedContext>(
  ingestor: Ingestor, options: EventsRoutesOptions<C>, shape: Shape, req: IncomingMessage, res: ServerResponse,
): Promise<void> {
  let ctx: C;
  try {
    ctx = await options.authenticate(req);
  } catch (error) {
    req.resume();
    return sendFailure(res, error, options.logger);
  }
  let status = 500;
  let result: IngestResult | undefined;
  let failure: unknown;
  try {
    const body = await readJsonBody(req, ingestor.limits.maxBytes);
    result = await ingestShape(ingestor, shape, body, ctx);
    status = allRetriable(result) ? 503 : 200;
  } catch (error) {
    failure = error;
    status = error instanceof IngestError ? error.httpStatus : 500;
  }
  try {
    await options.onComplete?.(ctx, { status, ...(result ? { result } : {}), ...(failure === undefined ? {} : { error: failure }) });
  } catch (error) {
    return sendFailure(res, error, options.logger, 503);
  }
  if (result) return sendJson(res, status, result, req.readableEnded);
  sendFailure(res, failure, options.logger);
}

function ingestShape(ingestor: Ingestor, shape: Shape, body: unknown, ctx: GovernedContext): Promise<IngestResult> {
  switch (shape) {
    case 'events':
      return ingestor.ingest(listIn(body, 'events'), ctx);
    case 'segment-batch': {
      const context = (body as { context?: unknown })?.context;
      const messages = listIn(body, 'batch').map((m) => (context && isObject(m) && m.context === undefined ? { ...m, context } : m));
      return ingestor.ingestSegment(messages, ctx);
    }
    case 'segment-track':
      if (!isObject(body)) throw new IngestError('BAD_REQUEST', 'the body must be one Segment track message (an object)');
      return ingestor.ingestSegment([body], ctx);
    default:
      return assertNever(shape, 'body shape');
  }
}

function listIn(body: unknown, key: string): unknown[] {
  if (Array.isArray(body)) return body;
  const list = isObject(body) ? body[key] : undefined;
  if (!Array.isArray(list)) throw new IngestError('BAD_REQUEST', `the body must be { "${key}": [ … ] } or a JSON array`);
  return list;
}

function allRetriable(result: IngestResult): boolean {
  return result.accepted.length === 0 && result.rejected.length > 0 && result.rejected.every((r) => r.retriable);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A coded error with an HTTP status is public; anything else is masked as INTERNAL (or `fallbackStatus`) and logged. */
function sendFailure(res: ServerResponse, error: unknown, logger: Logger | undefined, fallbackStatus = 500): void {
  const { code, httpStatus, message } = (error ?? {}) as { code?: unknown; httpStatus?: unknown; message?: unknown };
  const coded = typeof code === 'string';
  const status = coded && typeof httpStatus === 'number' ? httpStatus : fallbackStatus;
  if (status >= 500) logger?.error({ err: error, status }, 'event ingestion request failed');
  const publicMessage = coded && typeof message === 'string' ? message : 'Unexpected error.';
  const body = { errors: [{ message: publicMessage, extensions: { code: coded ? code : 'INTERNAL', retriable: status === 503 } }] };
  sendJson(res, status, body, false);
}

/** A 413 answered before the body was read closes the connection, so the rest is not read into nothing. */
function sendJson(res: ServerResponse, status: number, body: unknown, bodyConsumed: boolean): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) };
  if (!bodyConsumed && status === 413) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(text);
}
