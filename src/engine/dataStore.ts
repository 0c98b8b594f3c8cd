import { existsSync, renameSync, rmSync } from 'node:fs';
import { prepareDataDir, type DataPaths } from './dataDir.js';
import { fsyncDir } from './fsSafe.js';
import { Store, type SecretPolicy } from './store/index.js';
import { loadOrCreateSeed, readSeed } from './store/secretSeed.js';
import { SeedCipher } from './seedCipher.js';
import { SETTING_SEED_CHECK } from './store/settings.js';
import Database from 'better-sqlite3';

export interface DataStore {
  paths: DataPaths;
  store: Store;
}

/** Opens (creating on first use) the data dir, its secret seed and its configuration database. */
export function openDataStore(dataDir: string, policy?: SecretPolicy): DataStore {
  const paths = prepareDataDir(dataDir);
  finishInterruptedSeedSwap(paths);
  const { seed } = loadOrCreateSeed(paths.secret);
  return { paths, store: new Store({ databasePath: paths.database, seed, policy }) };
}

/** Where an upload writes the incoming seed before it renames it into place. */
export function pendingSeedPath(paths: DataPaths): string {
  return `${paths.secret}.new`;
}

/**
 * An upload that replaces the seed renames the database first, then the seed. If it was
 * interrupted between the two, the pending seed is the one that matches the database: finish.
 */
function finishInterruptedSeedSwap(paths: DataPaths): void {
  const pending = pendingSeedPath(paths);
  if (!existsSync(pending)) return;
  if (existsSync(paths.database) && pendingSeedMatches(paths.database, readSeed(pending))) {
    renameSync(pending, paths.secret);
    fsyncDir(paths.dir);
  } else {
    rmSync(pending, { force: true });
  }
}

function pendingSeedMatches(databasePath: string, seed: Buffer): boolean {
  const db = new Database(databasePath, { readonly: true });
  try {
    const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(SETTING_SEED_CHECK) as { value: string } | undefined;
    return row !== undefined && new SeedCipher(seed).matchesCheck(row.value);
  } catch {
    return false;
  } finally {
    db.close();
  }
}
