/**
 * Failures of the tablet's storage, told in words a cook understands. Each wraps the
 * original error as `cause` for whoever debugs it.
 */
export class StorageFullError extends Error {
  constructor(cause: unknown) {
    super(
      'The tablet is out of storage space, so this entry was not saved. Nothing was half-saved: ' +
        'free some space (delete photos or other apps’ data) and try again.',
      { cause },
    );
    this.name = 'StorageFullError';
  }
}

export class StorageFailedError extends Error {
  constructor(cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`The tablet could not save this entry (${detail}). Nothing was half-saved; try again.`, {
      cause,
    });
    this.name = 'StorageFailedError';
  }
}

/** True for the browser's "quota exceeded" in any of its wrappings (Dexie, DOMException). */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { name?: unknown; inner?: unknown; cause?: unknown };
  return (
    e.name === 'QuotaExceededError' ||
    isQuotaError(e.inner, depth + 1) ||
    isQuotaError(e.cause, depth + 1)
  );
}

/** Turns any storage failure into one of the errors above. */
export function storageError(error: unknown): Error {
  return isQuotaError(error) ? new StorageFullError(error) : new StorageFailedError(error);
}
