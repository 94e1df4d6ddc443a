import type { ServerResponse } from 'node:http';

/** Writes a JSON body; the one place non-GraphQL routes format their answers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** The GraphQL-shaped error body (`{ errors: [...] }`) used for every non-GraphQL failure too. */
export function sendError(
  res: ServerResponse,
  status: number,
  error: { code: string; message: string; requestId?: string },
  headers: Record<string, string> = {},
): void {
  const extensions: Record<string, string> = { code: error.code };
  if (error.requestId !== undefined) extensions.requestId = error.requestId;
  sendJson(res, status, { errors: [{ message: error.message, extensions }] }, headers);
}
