import type { Store } from './store/index.js';

/** What changed in the store since the last look. */
export interface StoreChange {
  /**
   * The whole configuration was swapped (an upload, a restore, a seed change), by this process
   * or another: what a screen shows may name records that no longer exist.
   */
  replaced: boolean;
}

/**
 * Calls `onChange` when another process commits to the store (SQLite's data_version moves),
 * telling whether the configuration was replaced (its generation changed). A poll, because
 * SQLite has no cross-process notification; one cheap pragma per tick.
 */
export function watchStore(store: () => Store, onChange: (change: StoreChange) => void, intervalMs = 500): () => void {
  let last = safeMarker(store());
  const timer = setInterval(() => {
    const next = safeMarker(store());
    if (!next || !last) {
      last = next;
      return;
    }
    if (next.dataVersion !== last.dataVersion || next.generation !== last.generation) {
      const replaced = next.generation !== last.generation;
      last = next;
      onChange({ replaced });
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function safeMarker(store: Store): { dataVersion: number; generation: string } | undefined {
  try {
    return store.changeMarker();
  } catch {
    return undefined; // closed or busy: look again at the next tick
  }
}
