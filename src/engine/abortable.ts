import { UserError } from '../common/errors.js';

/**
 * The one convention for long engine work that a person can stop (Esc in the console): the
 * work takes an optional `signal`; when it aborts, the work stops what it is doing (kills its
 * child, closes its socket) and rejects with a CancelledError, having stored nothing. The
 * interfaces tell it apart by its reason and show its message as one quiet line, not as a
 * failure.
 */
export class CancelledError extends UserError {
  constructor(message = 'Cancelled: nothing was stored.') {
    super(message, { reason: 'cancelled' });
    this.name = 'CancelledError';
  }
}

/** What cancellable engine work takes: Esc's signal in the console; none in the CLI (Ctrl-C ends the process). */
export interface Cancellable {
  signal?: AbortSignal | undefined;
}

export function cancelledError(message?: string): CancelledError {
  return new CancelledError(message);
}

export function isCancelled(error: unknown): boolean {
  return error instanceof UserError && error.reason === 'cancelled';
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}

/**
 * Calls `stop` once when `signal` aborts; returns the function that forgets it, for the work's
 * way out. For work that holds something to close: a socket, an SSH client. A signal aborted
 * already calls `stop` in a microtask, so the caller has its `forget` in hand first.
 */
export function onAbort(signal: AbortSignal | undefined, stop: () => void): () => void {
  if (!signal) return () => undefined;
  let forgotten = false;
  if (signal.aborted) {
    queueMicrotask(() => forgotten || stop());
    return () => {
      forgotten = true;
    };
  }
  signal.addEventListener('abort', stop, { once: true });
  return () => signal.removeEventListener('abort', stop);
}

/**
 * `work`, or a cancellation as soon as `signal` aborts: `onAborted` then stops what `work` is
 * doing (closes its connection), so nothing goes on in the background for long. Work that
 * cannot be stopped (a key generation in the thread pool) is abandoned: its result is dropped.
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined, onAborted?: () => void): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const forget = onAbort(signal, () => {
      onAborted?.();
      work.catch(() => undefined); // dropped: its rejection must not go unheard
      reject(cancelledError());
    });
    work.then(
      (value) => {
        forget();
        resolve(value);
      },
      (error: unknown) => {
        forget();
        reject(error);
      },
    );
  });
}
