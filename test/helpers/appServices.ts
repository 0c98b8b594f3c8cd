import { join } from 'node:path';
import { openDataStore, type DataStore } from '../../src/engine/dataStore.js';
import type { PreferenceStore, Preferences } from '../../src/engine/preferences.js';
import { appSecretPolicy } from '../../src/cli/context.js';
import { createAppServices, type AppServices } from '../../src/screens/services.js';

/** In-memory preferences: tests must not write the user's ~/.config. */
export function memoryPreferences(initial: Preferences = {}): PreferenceStore {
  const values: Preferences = { ...initial };
  return { get: (key) => values[key], set: (key, value) => void (values[key] = value) };
}

/** Real services on a real store in `dir`, wired the way startConsole wires them. */
export function makeAppServices(dir: string, preferences = memoryPreferences(), mountsText?: () => string): AppServices & { data: DataStore; close(): void } {
  const data = openDataStore(join(dir, 'data'), appSecretPolicy);
  const services = createAppServices({ paths: data.paths, store: data.store, preferences, secretPolicy: appSecretPolicy, ...(mountsText ? { mountsText } : {}) });
  return Object.assign(services, { data, close: () => services.store().close() });
}
