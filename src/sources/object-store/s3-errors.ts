/** AWS SDK failures as the port's errors. */
import { ObjectStoreError, type ObjectStoreErrorCode } from './port.ts';

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

function statusOf(error: unknown): number | undefined {
  return (error as SdkError | undefined)?.$metadata?.httpStatusCode;
}

/** A missing key (not a missing bucket): reads answer `null` for it. */
export function isMissingKey(error: unknown): boolean {
  const name = (error as SdkError | undefined)?.name;
  if (name === 'NoSuchKey' || name === 'NotFound') return true;
  return statusOf(error) === 404 && name !== 'NoSuchBucket';
}

export function isMissingBucket(error: unknown): boolean {
  const name = (error as SdkError | undefined)?.name;
  return name === 'NoSuchBucket' || name === 'NotFound' || statusOf(error) === 404;
}

export function toObjectStoreError(operation: string, error: unknown): ObjectStoreError {
  if (error instanceof ObjectStoreError) return error;
  const sdk = (error ?? {}) as SdkError;
  const status = statusOf(error);
  const code: ObjectStoreErrorCode =
    sdk.name === 'NoSuchBucket'
      ? 'NO_SUCH_BUCKET'
      : status === 403
        ? 'ACCESS_DENIED'
        : status !== undefined && status >= 400 && status < 500
          ? 'INVALID_REQUEST'
          : 'OBJECT_STORE_UNAVAILABLE';
  const retriable = sdk.$retryable !== undefined || status === undefined || status >= 500 || status === 429;
  return new ObjectStoreError(code, `${operation}: ${sdk.name ?? 'Error'}: ${sdk.message ?? String(error)}`, retriable, { cause: error });
}
