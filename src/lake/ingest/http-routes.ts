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
 * Errors are the route contract's (src/routes), masked like GraphQL errors:
 * `{ errors: [{ message, extensions: { code, retriable } }] }`.
 * The routes are governed: the gateway authenticates the caller (401
 * UNAUTHENTICATED) and writes the request's access record before the answer;
 * when it cannot, the answer is 503 AUDIT_UNAVAILABLE (a retry is safe:
 * ingestion is idempotent).
 */
import type { GovernedContext } from '../../governed/index.ts';
import type { GovernedRoute, GovernedRouteExchange, Route } from '../../routes/index.ts';
import { assertNever } from '../../common/index.ts';
import { IngestError } from './errors.ts';
import type { Ingestor, IngestResult } from './types.ts';

export const EVENTS_PATH = '/v1/events';
export const SEGMENT_BATCH_PATH = '/v1/batch';
export const SEGMENT_TRACK_PATH = '/v1/track';

type Shape = 'events' | 'segment-batch' | 'segment-track';

/** The three routes; each reads at most `ingestor.limits.maxBytes` of body. */
export function eventsRoutes(ingestor: Ingestor): Route[] {
  const route = (path: string, shape: Shape): GovernedRoute => ({
    method: 'POST',
    path,
    governance: 'governed',
    maxBodyBytes: ingestor.limits.maxBytes,
    handle: (exchange) => handle(ingestor, shape, exchange),
  });
  return [route(EVENTS_PATH, 'events'), route(SEGMENT_BATCH_PATH, 'segment-batch'), route(SEGMENT_TRACK_PATH, 'segment-track')];
}

async function handle(ingestor: Ingestor, shape: Shape, exchange: GovernedRouteExchange): Promise<void> {
  let result: IngestResult;
  try {
    result = await ingestShape(ingestor, shape, await exchange.readJson(), exchange.context);
  } catch (error) {
    return exchange.sendError(error);
  }
  return exchange.sendJson(allRetriable(result) ? 503 : 200, result);
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
