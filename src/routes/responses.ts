import type { ServerResponse } from 'node:http';

/** A failure as clients see it: `extensions.code`, a public message, and more public extensions. */
export interface ErrorAnswer {
  code: string;
  message: string;
  requestId?: string;
  /** More client-visible extensions, e.g. `retriable`. */
  extensions?: Record<string, unknown>;
}

/** A JSON body with its headers; the one place non-GraphQL answers are formatted. */
export function jsonPayload(body: unknown, headers: Record<string, string> = {}): { headers: Record<string, string | number>; text: string } {
  const text = JSON.stringify(body);
  return { text, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers } };
}

/** Writes a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = jsonPayload(body, headers);
  res.writeHead(status, payload.headers);
  res.end(payload.text);
}

/** The GraphQL-shaped error body (`{ errors: [...] }`) used for every non-GraphQL failure too. */
export function errorBody(error: ErrorAnswer): { errors: [{ message: string; extensions: Record<string, unknown> }] } {
  const extensions: Record<string, unknown> = { code: error.code, ...error.extensions };
  if (error.requestId !== undefined) extensions.requestId = error.requestId;
  return { errors: [{ message: error.message, extensions }] };
}

export function sendError(res: ServerResponse, status: number, error: ErrorAnswer, headers: Record<string, string> = {}): void {
  sendJson(res, status, errorBody(error), headers);
}
