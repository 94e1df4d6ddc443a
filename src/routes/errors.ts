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
    return { status, code, message: sanitized.message, extensions: { ...extensions, retriable: status === 503 } };
  }
  const publicCode = String(code);
  const status = httpStatusOf(error, publicCode);
  return { status, code: publicCode, message: sanitized.message, extensions: { ...extensions, retriable: isRetriable(error, status) } };
}
