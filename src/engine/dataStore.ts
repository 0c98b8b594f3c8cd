import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { prepareDataDir, type DataPaths } from './dataDir.js';
import { fsyncDir } from './fsSafe.js';
import { sweepLeftovers, sweepRcloneTempDirs } from './leftovers.js';
import { SeedCipher } from './seedCipher.js';
import { BUSY_TIMEOUT_MS, Store, type SecretPolicy } from './store/index.js';
import { loadOrCreateSeed, readSeed } from './store/secretSeed.js';
import { SETTING_SEED_CHECK } from './store/settings.js';

export interface DataStore {
  paths: DataPaths;
  store: Store;
}

export interface OpenOptions {
  /**
   * Open even when the seed does not match the database: only for an upload, which must be
   * possible whatever the current seed (a configuration saved with its seed is the way out).
   */
  allowSeedMismatch?: boolean;
}

/**
 * Opens (creating on first use) the data dir, its secret seed and its configuration database.
 * Every command starts here, so this is where an interrupted run is cleaned up after: its
 * leftover temp files are swept and a half-finished seed swap is finished.
 */
export function openDataStore(dataDir: string, policy?: SecretPolicy, options: OpenOptions = {}): DataStore {
  const paths = prepareDataDir(dataDir);
  sweepLeftovers(paths.dir);
  sweepLeftovers(paths.backups);
  sweepRcloneTempDirs();
  finishInterruptedSeedSwap(paths);
  const { seed } = loadOrCreateSeed(paths.secret);
  const store = new Store({
    databasePath: paths.database,
    seed,
    ...(policy ? { policy } : {}),
    seedFiles: [paths.secret, paths.pendingSecret],
    verifySeed: !options.allowSeedMismatch,
  });
  return { paths, store };
}

/**
 * An upload writes the incoming seed as pwenc_secret.new, commits the database, then renames
 * the seed into place. Killed between the two, the pending seed is the one the database's
 * check value matches: finish the rename. Killed before the commit, it matches nothing: drop
 * it. Judged under the write lock, so an upload in flight in another process (which holds
 * that lock until its commit) is waited for, never mistaken for an interrupted one.
 */
function finishInterruptedSeedSwap(paths: DataPaths): void {
  if (!existsSync(paths.pendingSecret) || !existsSync(paths.database)) return;
  const db = new Database(paths.database, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.exec('BEGIN IMMEDIATE');
    if (!existsSync(paths.pendingSecret)) return; // the upload finished while we waited
    if (pendingSeedMatches(db, readSeed(paths.pendingSecret))) renameSync(paths.pendingSecret, paths.secret);
    else rmSync(paths.pendingSecret, { force: true });
    fsyncDir(paths.dir);
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
  }
}

function pendingSeedMatches(db: Database.Database, seed: Buffer): boolean {
  try {
    const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(SETTING_SEED_CHECK) as { value: string } | undefined;
    return row !== undefined && new SeedCipher(seed).matchesCheck(row.value);
  } catch {
    return false;
  }
}
