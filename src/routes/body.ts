import type { IncomingMessage } from 'node:http';

export type BodyReadResult = { kind: 'read'; text: string } | { kind: 'too-large' };

/**
 * Reads a UTF-8 request body up to `maxBytes`. A declared or actual larger body stops the read early;
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
      resolve({ kind: 'read', text: chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8') });
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
