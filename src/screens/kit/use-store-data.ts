import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Store } from '../../engine/store/index.js';
import type { AppServices } from '../services.js';
import { useScreenStatus } from '../screenContract.js';
import { userMessage } from './use-task.js';

/** The store as a screen reads it; a new object after every change, so memos that use it recompute. */
export interface StoreData {
  /** Reads from the live store; an error (a store closing under an upload) gives `fallback`, and the status line says why. */
  read<T>(load: (store: Store) => T, fallback: T): T;
  /** Reads a record that may be gone (deleted meanwhile): undefined then, nothing said. */
  find<T>(load: (store: Store) => T): T | undefined;
  /** The live store, for actions. */
  store(): Store;
  /** This screen changed the store: every screen reads again. */
  changed(): void;
  /** Read again here, for something besides the store (a backup file written). */
  reload(): void;
  /** The screen has been shown: a list reads nothing before (it is behind another tab). */
  readonly shown: boolean;
}

export interface StoreDataOptions {
  /** The whole configuration was replaced (an upload): what the screen shows may be gone. */
  readonly onReplaced?: () => void;
}

/**
 * The one way a screen reads the store. It reads again when the store changes (this screen's
 * actions, another screen's, another process's: see engine/storeWatch.ts) while it is active,
 * and when it becomes active.
 */
export function useStoreData(services: AppServices, active: boolean, options: StoreDataOptions = {}): StoreData {
  const status = useScreenStatus();
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((current) => current + 1), []);
  const onReplaced = useRef(options.onReplaced);
  onReplaced.current = options.onReplaced;
  const wasActive = useRef(active);
  // A screen never shown yet reads nothing: a list of 100,000 credentials behind another tab
  // costs nothing at the start. The render that first shows it reads.
  const everShown = useRef(active);
  const shown = active || everShown.current;
  useEffect(() => services.onStoreChanged((change) => {
    if (change.replaced) onReplaced.current?.();
    // A screen out of sight reads when it is shown again (below): a save's audit entry must not
    // make a hidden list of 100,000 credentials read them all meanwhile.
    if (wasActive.current) reload();
  }), [services, reload]);
  // Shown again: read again. Shown for the first time: the render has just read.
  useEffect(() => {
    if (active && !wasActive.current && everShown.current) reload();
    if (active) everShown.current = true;
    wasActive.current = active;
  }, [active, reload]);

  const failure = useRef<string | null>(null);
  useEffect(() => {
    if (failure.current) status.error(failure.current);
    failure.current = null;
  });

  return useMemo(() => {
    void version; // a new object per version: what was read from the old one is read again
    return {
      shown,
      read<T>(load: (store: Store) => T, fallback: T): T {
        try {
          return load(services.store());
        } catch (error) {
          failure.current = userMessage(error);
          return fallback;
        }
      },
      find<T>(load: (store: Store) => T): T | undefined {
        try {
          return load(services.store());
        } catch {
          return undefined;
        }
      },
      store: () => services.store(),
      changed: () => services.storeChanged({ replaced: false }),
      reload,
    };
  }, [services, version, reload, shown]);
}
