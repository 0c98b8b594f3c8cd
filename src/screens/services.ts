import type { DataPaths } from '../engine/dataDir.js';
import type { PreferenceStore } from '../engine/preferences.js';
import type { SecretPolicy, Store } from '../engine/store/index.js';

/**
 * What the screens are given to work with: the engine's objects, wired up by the entry point
 * (src/cli/startConsole.ts). Screens call the engine through these and hold no business rules.
 */
export interface AppServices {
  paths: DataPaths;
  /** The live store. Read it at each use: uploading a configuration replaces it. */
  store(): Store;
  replaceStore(next: Store): void;
  /** Called after the store was replaced, so screens re-read their lists. Returns an unsubscribe. */
  onStoreReplaced(listener: () => void): () => void;
  preferences: PreferenceStore;
  secretPolicy: SecretPolicy;
}
