import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';

/** User preferences that are not configuration: they are never saved in a config archive. */
export interface Preferences {
  lastUsbPath?: string;
  /** What the last save to the USB stick included: `u` repeats it with one key. */
  usbOptions?: { secretSeed: boolean; poolKeys: boolean };
  theme?: 'default' | 'no-color';
  /** The directory of the last configuration saved to a file (not the stick): the save form starts there. */
  lastSaveDir?: string;
  /** The directory of the last key exported: the export form starts there. */
  lastExportDir?: string;
}

/** A directory the console's path fields start from: where the user last wrote such a file. */
export type RememberedDirectory = 'lastSaveDir' | 'lastExportDir';

export interface PreferenceStore {
  get<K extends keyof Preferences>(key: K): Preferences[K];
  set<K extends keyof Preferences>(key: K, value: Preferences[K]): void;
}

/**
 * Where a path field starts: the directory remembered while it is still one, else the home
 * directory (never the process's working directory, which a service or a login shell sets).
 */
export function startDirectory(preferences: Pick<PreferenceStore, 'get'>, which: RememberedDirectory): string {
  const remembered = preferences.get(which);
  if (remembered && isDirectory(remembered)) return remembered;
  return homedir();
}

/** Remembers the directory of a file just written, for the next time. */
export function rememberDirectory(preferences: Pick<PreferenceStore, 'set'>, which: RememberedDirectory, writtenFile: string): void {
  preferences.set(which, dirname(writtenFile));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** `$NASCONSOLE_CONFIG_DIR`, else `$XDG_CONFIG_HOME/nasconsole` (~/.config/nasconsole). */
export function preferencesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NASCONSOLE_CONFIG_DIR) return env.NASCONSOLE_CONFIG_DIR;
  const xdg = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(xdg, 'nasconsole');
}

/** Backed by `conf` (atomic JSON writes, schema-checked); loaded lazily, only the console needs it. */
export async function openPreferences(cwd = preferencesDir()): Promise<PreferenceStore> {
  const { default: Conf } = await import('conf');
  const conf = new Conf<Preferences>({
    cwd,
    configName: 'preferences',
    projectName: 'nasconsole',
    schema: {
      lastUsbPath: { type: 'string' },
      usbOptions: {
        type: 'object',
        properties: { secretSeed: { type: 'boolean' }, poolKeys: { type: 'boolean' } },
        required: ['secretSeed', 'poolKeys'],
        additionalProperties: false,
      },
      theme: { type: 'string', enum: ['default', 'no-color'] },
      lastSaveDir: { type: 'string' },
      lastExportDir: { type: 'string' },
    },
  });
  return {
    get: (key) => conf.get(key),
    set: (key, value) => (value === undefined ? conf.delete(key) : conf.set(key, value)),
  };
}

/**
 * Preferences for the console: usable at once (reads return undefined until loaded), with conf
 * loaded after `delayMs` so that its ~35 ms of module loading does not delay the first frame.
 * Writes made before it is loaded are applied once it is.
 */
export function openPreferencesLater(delayMs: number, cwd = preferencesDir()): PreferenceStore & { ready: Promise<void> } {
  let loaded: PreferenceStore | undefined;
  const early: Preferences = {};
  const ready = new Promise<void>((resolve) => setTimeout(resolve, delayMs).unref())
    .then(() => openPreferences(cwd))
    .then((store) => {
      for (const [key, value] of Object.entries(early)) store.set(key as keyof Preferences, value as never);
      loaded = store;
    });
  return {
    ready,
    get: (key) => (loaded ? loaded.get(key) : early[key]),
    set: (key, value) => (loaded ? loaded.set(key, value) : void (early[key] = value)),
  };
}
