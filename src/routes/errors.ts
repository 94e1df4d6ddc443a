/**
 * What a route answers for a failure, by the API's one masking rule
 * (src/api `sanitizeError`, as GraphQL errors get): an error with a public
 * code keeps its message, code and public extensions and answers its own HTTP
 * status; anything else is logged with the request id and answered as
 * INTERNAL `Unexpected error.`, never with a stack trace. Every answer says
 * whether a retry may succeed (`retriable`).
 */
import { httpStatusOf, isRetriable, sanitizeError, type MaskingScope } from '../api/index.ts';
import type { ErrorAnswer } from './responses.ts';

export interface RouteErrorAnswer extends ErrorAnswer {
  status: number;
  /** Headers the answer carries: `Retry-After` (seconds) for an error with a `retryAfter` extension (429 RATE_LIMITED). */
  headers: Record<string, string>;
}

export interface RouteErrorScope extends MaskingScope {
  /** The status of a masked (INTERNAL) failure; default 500. */
  maskedStatus?: number;
}

export function routeErrorAnswer(error: unknown, scope: RouteErrorScope): RouteErrorAnswer {
  const sanitized = sanitizeError(error instanceof Error ? error : new Error(String(error)), scope);
  const { code, ...extensions } = sanitized.extensions as Record<string, unknown>;
  if (code === 'INTERNAL') {
    const status = scope.maskedStatus ?? 500;
    return { status, code, message: sanitized.message, extensions: { ...extensions, retriable: status === 503 }, headers: {} };
  }
  const publicCode = String(code);
  const status = httpStatusOf(error, publicCode);
  const answer = { status, code: publicCode, message: sanitized.message, extensions: { ...extensions, retriable: isRetriable(error, status) } };
  return { ...answer, headers: headersOf(extensions) };
}

function headersOf(extensions: Record<string, unknown>): Record<string, string> {
  const retryAfter = extensions.retryAfter;
  return typeof retryAfter === 'number' && Number.isInteger(retryAfter) && retryAfter >= 0 ? { 'retry-after': String(retryAfter) } : {};
}
