import { useCallback, useEffect, useRef, useState } from 'react';
import { verifyAllCloudCredentials, type CloudVerifyOptions, type VerifyAllProgress, type VerifyAllSummary } from '../../engine/cloud/index.js';
import { userMessage, type StoreData, type Task } from '../kit/index.js';
import type { AppServices } from '../services.js';

/** How often the list is read again while verify all records results. */
const RELOAD_EVERY_MS = 1000;

export interface VerifyAll {
  /** Progress while it runs, null otherwise. */
  readonly progress: { done: number; total: number } | null;
  /** Starts verifying every credential in the background, or stops it when it runs. */
  toggle(): void;
}

/**
 * Verify all: every credential, in the background (the screen stays usable), its progress on
 * the status line whenever no message or foreground work needs it; stopped by V, by leaving
 * the console, or by an upload replacing the store.
 */
export function useVerifyAll(services: AppServices, data: StoreData, task: Task, rclone: CloudVerifyOptions): VerifyAll {
  const { status } = task;
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const running = useRef<AbortController | null>(null);
  const lastReload = useRef(0);
  useEffect(() => () => running.current?.abort(), []);
  useEffect(() => services.onStoreChanged((change) => {
    if (change.replaced) running.current?.abort();
  }), [services]);

  const toggle = useCallback(() => {
    if (running.current) return running.current.abort();
    const controller = new AbortController();
    running.current = controller;
    const store = data.store();
    const show = (now: Pick<VerifyAllProgress, 'done' | 'total' | 'failed'>) => {
      setProgress({ done: now.done, total: now.total });
      status.progress(`Verifying all: ${now.done}/${now.total}${now.failed ? `, ${now.failed} invalid` : ''} (V stops)`);
    };
    show({ done: 0, total: store.cloudCredentials.count(), failed: 0 });
    const onProgress = (now: VerifyAllProgress) => {
      show(now);
      if (Date.now() - lastReload.current < RELOAD_EVERY_MS) return;
      lastReload.current = Date.now();
      data.changed();
    };
    void verifyAllCloudCredentials(store, { ...rclone, signal: controller.signal, onProgress })
      .then((summary: VerifyAllSummary) => {
        const counts = `${summary.ok} valid, ${summary.failed} invalid${summary.skipped ? `, ${summary.skipped} not verified${summary.skipReason ? ` (${summary.skipReason})` : ''}` : ''}`;
        if (summary.cancelled) status.warning(`Verify all stopped at ${summary.done}/${summary.total}: ${counts}.`);
        else if (summary.failed) status.warning(`Verified ${summary.total}: ${counts}. Invalid: ${summary.failures.map((failure) => failure.name).join(', ')}`);
        else status.success(`Verified ${summary.total}: ${counts}.`);
      })
      .catch((error: unknown) => status.error(userMessage(error)))
      .finally(() => {
        running.current = null;
        setProgress(null);
        data.changed();
      });
  }, [data, status, rclone]);

  return { progress, toggle };
}
