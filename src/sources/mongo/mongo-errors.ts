import { MongoError, MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { SourceError, UnsupportedFilterError } from '../port.ts';

const RETRIABLE_LABELS = ['RetryableWriteError', 'TransientTransactionError', 'ResetPool'];

/** Network failures, server selection timeouts and errors the server labels retryable. */
export function isRetriableMongoError(error: unknown): boolean {
  if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError) return true;
  return error instanceof MongoError && RETRIABLE_LABELS.some((label) => error.hasErrorLabel(label));
}

export function toMongoSourceError(adapter: string, error: unknown): Error {
  if (error instanceof SourceError || error instanceof UnsupportedFilterError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SourceError(adapter, message, isRetriableMongoError(error), { cause: error });
}
