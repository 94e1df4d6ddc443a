import type { IncomingMessage } from 'node:http';
import { MeshgateError } from '../api/index.ts';

export type BodyReadResult = { kind: 'read'; bytes: Buffer } | { kind: 'too-large' };

/**
 * Reads a request body up to `maxBytes`. A declared or actual larger body stops the read early;
 * the caller answers 413 and closes the connection, so the rest is never buffered.
 */
export function readBodyWithLimit(req: IncomingMessage, maxBytes: number): Promise<BodyReadResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > maxBytes) {
        detach();
        resolve({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      detach();
      resolve({ kind: 'read', bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
    };
    const onError = (error: Error): void => {
      detach();
      reject(error);
    };
    function detach(): void {
      req.off('data', onData).off('end', onEnd).off('error', onError);
    }
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/** The one answer to a body over its limit: 413 PAYLOAD_TOO_LARGE, for GraphQL and every route. */
export function payloadTooLarge(maxBytes: number): MeshgateError {
  return new MeshgateError(`Request body exceeds ${maxBytes} bytes.`, { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 });
}

/** The body's bytes; a body over `maxBytes` is PAYLOAD_TOO_LARGE. */
export async function readBytes(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const read = await readBodyWithLimit(req, maxBytes);
  if (read.kind === 'too-large') throw payloadTooLarge(maxBytes);
  return read.bytes;
}

/** The body parsed as JSON: PAYLOAD_TOO_LARGE over `maxBytes`, 400 BAD_REQUEST with the parser's message when it is not JSON. */
export async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const text = (await readBytes(req, maxBytes)).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MeshgateError(`malformed JSON: ${(error as Error).message}`, { code: 'BAD_REQUEST', httpStatus: 400 });
  }
}
