import { UserError } from '../common/errors.js';

/** Long engine work that a person can stop (Esc in the console): what it says when stopped. */
export function cancelledError(): UserError {
  return new UserError('Cancelled: nothing was stored.');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}

/**
 * `work`, or a cancellation as soon as `signal` aborts: `onAbort` then stops what `work` is
 * doing (closes its connection), so nothing goes on in the background for long.
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined, onAbort?: () => void): Promise<T> {
  if (!signal) return work;
  throwIfAborted(signal);
  return new Promise<T>((resolve, reject) => {
    const stop = () => {
      onAbort?.();
      reject(cancelledError());
    };
    signal.addEventListener('abort', stop, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', stop);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', stop);
        reject(error);
      },
    );
  });
}
