import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, UserError } from '../../common/errors.js';
import { useScreenStatus, type ScreenStatusApi } from '../types.js';

export interface TaskHandlers<T> {
  readonly done?: (value: T) => void;
  readonly failed?: (error: unknown) => void;
}

export interface Tasks {
  /** The label of the long operation under way, or null. */
  readonly running: string | null;
  /** Runs async work with a spinner on the status line; one at a time. Errors become a status line. */
  run<T>(label: string, work: () => Promise<T>, handlers?: TaskHandlers<T>): void;
  /** Runs quick synchronous work (a store change); an error becomes a status line. True when it worked. */
  attempt(work: () => void): boolean;
  readonly status: ScreenStatusApi;
}

/** The one line shown for an error: a UserError as it is, anything else marked unexpected. */
export function userMessage(error: unknown): string {
  return error instanceof UserError ? error.message : `Unexpected error: ${errorMessage(error)}`;
}

/** Long work never blocks the screen: the engine's promises run while Ink keeps drawing the spinner. */
export function useTasks(): Tasks {
  const status = useScreenStatus();
  const [running, setRunning] = useState<string | null>(null);
  const busy = useRef<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(<T,>(label: string, work: () => Promise<T>, handlers: TaskHandlers<T> = {}) => {
    if (busy.current) {
      status.warning(`Wait: ${busy.current}`);
      return;
    }
    busy.current = label;
    setRunning(label);
    status.busy(label);
    void (async () => {
      try {
        const value = await work();
        if (!mounted.current) return;
        status.clear();
        handlers.done?.(value);
      } catch (error) {
        if (!mounted.current) return;
        status.error(userMessage(error));
        handlers.failed?.(error);
      } finally {
        busy.current = null;
        if (mounted.current) setRunning(null);
      }
    })();
  }, [status]);

  const attempt = useCallback((work: () => void) => {
    try {
      work();
      return true;
    } catch (error) {
      status.error(userMessage(error));
      return false;
    }
  }, [status]);

  return { running, run, attempt, status };
}
