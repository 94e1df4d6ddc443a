import { SourceError } from '../port.ts';

/**
 * SQLSTATE classes and codes where trying again may help: connection
 * exceptions (08), operator intervention such as shutdown (57P0x),
 * serialization failures and deadlocks (40001, 40P01), too many connections (53300).
 */
const RETRIABLE_SQLSTATES = new Set(['40001', '40P01', '53300', '57P01', '57P02', '57P03', '57014']);
const RETRIABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const CONNECTION_MESSAGES = /connection terminated|connection ended|timeout/i;

export function isRetriableSqlError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code.startsWith('08') || RETRIABLE_SQLSTATES.has(code) || RETRIABLE_NODE_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) return false;
  }
  return error instanceof Error && CONNECTION_MESSAGES.test(error.message);
}

/** Wraps a driver error; errors that already carry our codes pass through. */
export function toSourceError(adapter: string, error: unknown): Error {
  if (error instanceof SourceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const detail = typeof code === 'string' ? `${message} (${code})` : message;
  return new SourceError(adapter, detail, isRetriableSqlError(error), { cause: error });
}
