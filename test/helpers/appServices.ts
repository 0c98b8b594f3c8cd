import { join } from 'node:path';
import { openDataStore, type DataStore } from '../../src/engine/dataStore.js';
import type { PreferenceStore, Preferences } from '../../src/engine/preferences.js';
import { appSecretPolicy } from '../../src/cli/context.js';
import type { AppServices } from '../../src/screens/services.js';

/** In-memory preferences: tests must not write the user's ~/.config. */
export function memoryPreferences(initial: Preferences = {}): PreferenceStore {
  const values: Preferences = { ...initial };
  return { get: (key) => values[key], set: (key, value) => void (values[key] = value) };
}

/** Real services on a real store in `dir`, wired the way startConsole wires them. */
export function makeAppServices(dir: string, preferences = memoryPreferences()): AppServices & { data: DataStore; close(): void } {
  const data = openDataStore(join(dir, 'data'), appSecretPolicy);
  let store = data.store;
  const listeners = new Set<() => void>();
  return {
    data,
    paths: data.paths,
    store: () => store,
    replaceStore(next) {
      store = next;
      listeners.forEach((listener) => listener());
    },
    onStoreReplaced(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    preferences,
    secretPolicy: appSecretPolicy,
    close: () => store.close(),
  };
}
