import type { DataPaths } from '../engine/dataDir.js';
import type { PreferenceStore } from '../engine/preferences.js';
import type { SecretPolicy, Store } from '../engine/store/index.js';
import type { StoreChange } from '../engine/storeWatch.js';
import { pickUsbTarget, type MountPoint } from '../engine/usbMounts.js';

/**
 * What the screens are given to work with: the engine's objects, wired up by the entry point
 * (src/cli/startConsole.ts) with `createAppServices`. Screens call the engine through these
 * and hold no business rules.
 */
export interface AppServices {
  paths: DataPaths;
  /** The live store: one for the console's life (an upload replaces its content in place). */
  store(): Store;
  /**
   * Called when the store changed: by another process (the console polls, see
   * engine/storeWatch.ts) or by this one (`storeChanged`). `replaced`: the whole configuration
   * was swapped (an upload), so what a screen shows may be gone. Returns an unsubscribe.
   */
  onStoreChanged(listener: (change: StoreChange) => void): () => void;
  /** Tells every screen that this process changed the store. */
  storeChanged(change: StoreChange): void;
  /** Tells the screens that a backup was made in the background (the daily one). */
  backupMade(): void;
  onBackupMade(listener: () => void): () => void;
  preferences: PreferenceStore;
  secretPolicy: SecretPolicy;
  /** Where "save to USB" writes now: the last USB path while mounted, else a removable mount. */
  usbTarget(): MountPoint | undefined;
  /** The rclone that verifies cloud credentials (default: `rclone` on the PATH). */
  rclonePath?: string;
}

export interface AppServicesInit {
  paths: DataPaths;
  store: Store;
  preferences: PreferenceStore;
  secretPolicy: SecretPolicy;
  /** The mount table (default: /proc/mounts); tests name their own "USB stick". */
  mountsText?: () => string | undefined;
  /** Tests that save without verifying name an rclone that is not there. */
  rclonePath?: string;
}

export function createAppServices(init: AppServicesInit): AppServices {
  const store = init.store;
  const backups = new Set<() => void>();
  const changed = new Set<(change: StoreChange) => void>();
  const subscribe = <L>(listeners: Set<L>) => (listener: L) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
  return {
    paths: init.paths,
    store: () => store,
    onStoreChanged: subscribe(changed),
    storeChanged: (change) => changed.forEach((listener) => listener(change)),
    backupMade: () => backups.forEach((listener) => listener()),
    onBackupMade: subscribe(backups),
    preferences: init.preferences,
    secretPolicy: init.secretPolicy,
    usbTarget: () => pickUsbTarget(init.preferences.get('lastUsbPath'), init.mountsText?.()),
    ...(init.rclonePath ? { rclonePath: init.rclonePath } : {}),
  };
}
