import type { IncomingMessage } from 'node:http';
import { IngestError } from './errors.ts';

/**
 * Reads and parses a JSON body of at most `maxBytes`: a declared or actual
 * larger body is PAYLOAD_TOO_LARGE (the rest is never buffered), bad JSON is
 * BAD_REQUEST with the parser's position.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const tooLarge = () => new IngestError('PAYLOAD_TOO_LARGE', `the body exceeds ${maxBytes} bytes`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new IngestError('BAD_REQUEST', `malformed JSON: ${(error as Error).message}`);
  }
}
