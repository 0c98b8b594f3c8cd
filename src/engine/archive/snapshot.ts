import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../store/index.js';

/**
 * A consistent copy of the live database (VACUUM INTO, never the live file), without pool keys:
 * those travel only in pool_keys.json, and only when the user chose to export them.
 * The temp copy sits in the 0700 data dir and is removed on every path.
 */
export function snapshotDatabase(store: Store): Buffer {
  const temp = join(dirname(store.options.databasePath), `.snapshot-${randomBytes(6).toString('hex')}.db`);
  try {
    store.db.prepare('VACUUM INTO ?').run(temp);
    const copy = new Database(temp);
    try {
      copy.pragma('secure_delete = ON'); // deleted key rows are zeroed, not left in free pages
      copy.pragma('journal_mode = DELETE');
      copy.exec('DELETE FROM pool_keys');
    } finally {
      copy.close();
    }
    return readFileSync(temp);
  } finally {
    rmSync(temp, { force: true });
    rmSync(`${temp}-journal`, { force: true });
  }
}
