import { Dexie } from 'dexie';
import type { ProblemCode } from '../model/types';

/**
 * Storage full shows up in several shapes: a DOMException named QuotaExceededError, Dexie's
 * QuotaExceededError, or an AbortError (transaction aborted) whose `inner` or `failures` carry
 * the quota error. All of them mean the same thing to the reader.
 */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  const { name, inner, failures } = error as { name?: unknown; inner?: unknown; failures?: unknown };
  if (name === 'QuotaExceededError') return true;
  if (inner !== undefined && isQuotaError(inner, depth + 1)) return true;
  if (Array.isArray(failures)) return failures.some((failure) => isQuotaError(failure, depth + 1));
  return false;
}

/** A failure the background turns into an `error` state with a message a reader can act on. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly quotaExceeded: boolean,
    readonly retryable: boolean,
    readonly code: ProblemCode = quotaExceeded ? 'storage-full' : 'update-failed',
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export function toStoreError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  if (isQuotaError(error)) {
    return new StoreError(
      'Storage is full: nothing new was saved. Delete old articles or versions in the library to make room; everything already saved is still readable.',
      true,
      false,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError(`Could not update the library: ${message}`, false, true);
}

/** A write refused by a unique index: another transaction stored the same row first. */
export function isConstraintError(error: unknown): boolean {
  return (
    error instanceof Dexie.ConstraintError || (error as { name?: string } | null)?.name === 'ConstraintError'
  );
}
