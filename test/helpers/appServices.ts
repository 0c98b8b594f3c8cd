import { join } from 'node:path';
import { openDataStore, type DataStore } from '../../src/engine/dataStore.js';
import type { PreferenceStore, Preferences } from '../../src/engine/preferences.js';
import { appSecretPolicy } from '../../src/engine/appSecretPolicy.js';
import { createAppServices, type AppServices } from '../../src/screens/services.js';

/** In-memory preferences: tests must not write the user's ~/.config. */
export function memoryPreferences(initial: Preferences = {}): PreferenceStore {
  const values: Preferences = { ...initial };
  return { get: (key) => values[key], set: (key, value) => void (values[key] = value) };
}

export type TestAppServices = AppServices & { data: DataStore; close(): void };

export interface TestServicesOptions {
  readonly preferences?: PreferenceStore;
  /** The mount table the services read ("is a USB stick mounted?"). */
  readonly mountsText?: () => string;
  /** 'missing': an rclone that is not there, for saves that are not about verifying. */
  readonly rclone?: 'missing';
}

/** Real services on a real store in `dir`, wired the way startConsole wires them. */
export function makeAppServices(dir: string, options: TestServicesOptions = {}): TestAppServices {
  const { preferences = memoryPreferences(), mountsText, rclone } = options;
  const data = openDataStore(join(dir, 'data'), appSecretPolicy);
  const services = createAppServices({
    paths: data.paths,
    store: data.store,
    preferences,
    secretPolicy: appSecretPolicy,
    ...(mountsText ? { mountsText } : {}),
    ...(rclone === 'missing' ? { rclonePath: join(dir, 'no-rclone-here') } : {}),
  });
  return Object.assign(services, { data, close: () => services.store().close() });
}
