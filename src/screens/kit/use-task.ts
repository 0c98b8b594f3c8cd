import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage, UserError } from '../../common/errors.js';
import { isCancelled } from '../../engine/abortable.js';
import { useMounted } from './use-mounted.js';
import { useScreenBindings, useScreenStatus, type ScreenStatusApi } from '../screenContract.js';

/** The one line shown for an error: a UserError as it is, anything else marked unexpected. */
export function userMessage(error: unknown): string {
  return error instanceof UserError ? error.message : `Unexpected error: ${errorMessage(error)}`;
}

export interface TaskOptions<T> {
  /**
   * Esc aborts the AbortSignal given to the work (a verify kills rclone, a login closes its
   * socket); the footer shows "Esc cancel" meanwhile. The engine then rejects with its
   * CancelledError (src/engine/abortable.ts), shown as one line.
   */
  readonly cancellable?: boolean;
  readonly done?: (value: T) => void;
  /** After the error is on the status line; not after a cancel (Esc), which is no failure. */
  readonly failed?: (error: unknown) => void;
}

export interface Task {
  /** The label of the work under way, or null. While it runs the screen's other keys wait. */
  readonly running: string | null;
  /**
   * Long work (verify, save, keygen, an SSH exchange) with a spinner on the status line, one at
   * a time; its error becomes the status line. Nothing runs after the screen is gone.
   */
  run<T>(label: string, work: (signal: AbortSignal) => Promise<T>, options?: TaskOptions<T>): void;
  /** Quick synchronous work (a store change); an error becomes the status line. True when it worked. */
  attempt(work: () => void): boolean;
  /** Aborts the work under way (an upload replaced the store it works on). */
  cancel(): void;
  readonly status: ScreenStatusApi;
}

/** The one task runner of the screens. `active`: the screen has the keyboard (Esc cancels). */
export function useTask(active: boolean): Task {
  const status = useScreenStatus();
  const [running, setRunning] = useState<{ label: string; cancellable: boolean } | null>(null);
  const busy = useRef<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  const mounted = useMounted();
  useEffect(() => () => controller.current?.abort(), []);

  const cancel = useCallback(() => controller.current?.abort(), []);
  const run = useCallback(<T,>(label: string, work: (signal: AbortSignal) => Promise<T>, options: TaskOptions<T> = {}) => {
    if (busy.current) {
      status.warning(`Wait: ${busy.current}`);
      return;
    }
    const cancellable = options.cancellable ?? false;
    busy.current = label;
    controller.current = new AbortController();
    const { signal } = controller.current;
    setRunning({ label, cancellable });
    status.busy(cancellable ? `${label} (Esc cancels)` : label);
    void (async () => {
      try {
        const value = await work(signal);
        if (!mounted.current) return;
        status.clear();
        options.done?.(value);
      } catch (error) {
        if (!mounted.current) return;
        if (isCancelled(error)) return status.info(userMessage(error));
        status.error(userMessage(error));
        options.failed?.(error);
      } finally {
        busy.current = null;
        controller.current = null;
        if (mounted.current) setRunning(null);
      }
    })();
  }, [status, mounted]);

  const attempt = useCallback((work: () => void) => {
    try {
      work();
      return true;
    } catch (error) {
      status.error(userMessage(error));
      return false;
    }
  }, [status]);

  // While work runs, its keys are the screen's only keys: Esc when it can be cancelled.
  useScreenBindings(running?.cancellable ? [{ keys: 'Esc', label: 'cancel', action: cancel }] : [], active && running !== null);

  return useMemo(() => ({ running: running?.label ?? null, run, attempt, cancel, status }), [running, run, attempt, cancel, status]);
}
