import type { Command } from 'commander';
import { resolveDataDir } from '../engine/dataDir.js';
import { appSecretPolicy } from '../engine/appSecretPolicy.js';
import { openDataStore, type DataStore, type OpenOptions } from '../engine/dataStore.js';

/** For the commands that open a store themselves (config upload). */
export { appSecretPolicy } from '../engine/appSecretPolicy.js';

export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
  ascii?: boolean;
  color?: boolean;
}

/** The options given before or after the subcommand name. */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

/** Opens the data dir named by --data-dir, NASCONSOLE_DATA_DIR or the XDG default. */
export function openFromOptions(options: GlobalOptions, open: OpenOptions = {}): DataStore {
  return openDataStore(resolveDataDir(options.dataDir), appSecretPolicy, open);
}

/** Runs `work` with the store open, and closes it whatever happens. */
export async function withStore<T>(command: Command, work: (data: DataStore, options: GlobalOptions) => Promise<T> | T, open: OpenOptions = {}): Promise<T> {
  const options = globalOptions(command);
  const data = openFromOptions(options, open);
  try {
    return await work(data, options);
  } finally {
    data.store.close();
  }
}
