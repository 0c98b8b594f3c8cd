import { useCallback, useEffect, useRef, useState } from 'react';
import { verifyAllCloudCredentials, type VerifyAllProgress, type VerifyAllSummary } from '../../engine/cloud/index.js';
import { errorMessage, UserError } from '../../common/errors.js';
import type { AppServices } from '../services.js';
import { useScreenStatus, type ScreenStatusApi } from '../types.js';

/** What a failed verify left for "show details": one line on the status line, the full text here. */
export interface VerifyFailure {
  readonly title: string;
  readonly message: string;
  readonly details: string;
}

export interface CloudTasks {
  /** The label of the foreground operation under way (verify, save), or null. */
  readonly running: string | null;
  /** Whether the foreground operation can be cancelled with Esc. */
  readonly cancellable: boolean;
  /** Verify all: progress while it runs, null otherwise. */
  readonly verifyAll: { done: number; total: number } | null;
  readonly status: ScreenStatusApi;
  /** One foreground operation at a time, with a spinner; `cancellable` ones get an AbortSignal Esc aborts. */
  run<T>(label: string, work: (signal: AbortSignal) => Promise<T>, done: (value: T) => void, options?: { cancellable?: boolean }): void;
  cancel(): void;
  /** Starts verifying every credential in the background, or stops it when it runs. */
  toggleVerifyAll(onProgress: () => void, onEnd: () => void): void;
  /** Shows a message that the background progress must not overwrite at once. */
  say(kind: 'success' | 'warning' | 'error' | 'info', text: string): void;
}

/** The message for an error a task threw: a UserError as it is, anything else marked unexpected. */
export function userMessage(error: unknown): string {
  return error instanceof UserError ? error.message : `Unexpected error: ${errorMessage(error)}`;
}

const HOLD_MESSAGE_MS = 4000;

/** Long work of the Cloud Credentials screen: engine promises, a spinner, Esc to cancel. */
export function useCloudTasks(services: AppServices): CloudTasks {
  const status = useScreenStatus();
  const [running, setRunning] = useState<string | null>(null);
  const [cancellable, setCancellable] = useState(false);
  const [verifyAll, setVerifyAll] = useState<{ done: number; total: number } | null>(null);
  const busy = useRef(false);
  const foreground = useRef<AbortController | null>(null);
  const background = useRef<AbortController | null>(null);
  const heldUntil = useRef(0);

  const say = useCallback((kind: 'success' | 'warning' | 'error' | 'info', text: string) => {
    heldUntil.current = Date.now() + HOLD_MESSAGE_MS;
    status[kind](text);
  }, [status]);

  const run = useCallback(<T,>(label: string, work: (signal: AbortSignal) => Promise<T>, done: (value: T) => void, options: { cancellable?: boolean } = {}) => {
    if (busy.current) return;
    busy.current = true;
    const controller = new AbortController();
    foreground.current = controller;
    setRunning(label);
    setCancellable(options.cancellable ?? false);
    status.busy(options.cancellable ? `${label} (Esc cancels)` : label);
    void (async () => {
      try {
        const value = await work(controller.signal);
        status.clear();
        done(value);
      } catch (error) {
        say('error', userMessage(error));
      } finally {
        busy.current = false;
        foreground.current = null;
        setRunning(null);
        setCancellable(false);
      }
    })();
  }, [status, say]);

  const cancel = useCallback(() => foreground.current?.abort(), []);

  const toggleVerifyAll = useCallback((onProgress: () => void, onEnd: () => void) => {
    if (background.current) {
      background.current.abort();
      return;
    }
    const controller = new AbortController();
    background.current = controller;
    const store = services.store();
    const show = (progress: Pick<VerifyAllProgress, 'done' | 'total' | 'failed'>) => {
      setVerifyAll({ done: progress.done, total: progress.total });
      if (Date.now() >= heldUntil.current && !busy.current) {
        status.busy(`Verifying all: ${progress.done}/${progress.total}${progress.failed ? `, ${progress.failed} invalid` : ''} (V stops)`);
      }
    };
    show({ done: 0, total: store.cloudCredentials.count(), failed: 0 });
    void verifyAllCloudCredentials(store, { signal: controller.signal, onProgress: (progress) => { show(progress); onProgress(); } })
      .then((summary: VerifyAllSummary) => {
        const counts = `${summary.ok} valid, ${summary.failed} invalid${summary.skipped ? `, ${summary.skipped} not verified${summary.skipReason ? ` (${summary.skipReason})` : ''}` : ''}`;
        if (summary.cancelled) say('warning', `Verify all stopped at ${summary.done}/${summary.total}: ${counts}.`);
        else if (summary.failed) say('warning', `Verified ${summary.total}: ${counts}. Invalid: ${summary.failures.map((failure) => failure.name).join(', ')}`);
        else say('success', `Verified ${summary.total}: ${counts}.`);
      })
      .catch((error: unknown) => say('error', userMessage(error)))
      .finally(() => {
        background.current = null;
        setVerifyAll(null);
        onEnd();
      });
  }, [services, status, say]);

  // An uploaded configuration replaces the store: what runs on the old one stops.
  useEffect(() => services.onStoreReplaced(() => {
    background.current?.abort();
    foreground.current?.abort();
  }), [services]);

  return { running, cancellable, verifyAll, status, run, cancel, toggleVerifyAll, say };
}
