import Database from 'better-sqlite3';
import { UserError } from '../../common/errors.js';
import type { Store } from './store.js';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0');
/** Header bytes 18 and 19: the file format versions; 2 means WAL, which a memory image cannot use. */
const FORMAT_VERSION_OFFSETS = [18, 19] as const;

/** Patches a WAL image's header in place so that it opens from memory as a rollback-journal one. */
function asRollbackImage(image: Buffer): void {
  for (const offset of FORMAT_VERSION_OFFSETS) if (image[offset] === 2) image[offset] = 1;
}

export function isSqliteImage(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, SQLITE_MAGIC.length)).equals(SQLITE_MAGIC);
}

/**
 * Opens database bytes (an upload, an import, a snapshot) in memory: no file is written, so
 * nothing is left behind by an interruption. Opened as data, never trusted: read only, and
 * with `trusted_schema` off so that no view, trigger or generated column of its schema can
 * call a function with side effects.
 *
 * The caller hands `image` over: its header is patched in place (a WAL image opens as a
 * rollback one), not copied, so an upload holds the image once beside SQLite's own copy.
 */
export function openDatabaseImage(image: Buffer, what = 'The configuration database'): Database.Database {
  if (!isSqliteImage(image)) throw new UserError(`${what} is not an SQLite database.`);
  asRollbackImage(image);
  let db: Database.Database;
  try {
    db = new Database(image);
  } catch {
    throw new UserError(`${what} is corrupt or not an SQLite database.`);
  }
  try {
    db.pragma('trusted_schema = OFF');
    db.pragma('query_only = ON');
    const result = db.pragma('integrity_check') as { integrity_check: string }[];
    if (result.length !== 1 || result[0]!.integrity_check !== 'ok') throw new UserError(`${what} is corrupt (SQLite integrity check failed).`);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof UserError) throw error;
    throw new UserError(`${what} is corrupt or not an SQLite database.`);
  }
}

/** The tables (real tables, not views) of a database image. */
export function tablesOf(db: Database.Database): Set<string> {
  return new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name));
}

/** The columns of one table. */
export function columnsOf(db: Database.Database, table: string): Set<string> {
  return new Set((db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((row) => row.name));
}

/**
 * A consistent copy of the live database, without pool keys (those travel only in
 * pool_keys.json, and only when the user chose to export them), made in memory: no temp
 * copy ever sits on disk. Deleted key rows are zeroed (secure_delete) and the free pages
 * dropped (VACUUM), so nothing of them is in the bytes.
 */
export function snapshotDatabase(store: Store, options: { keepPoolKeys?: boolean } = {}): Buffer {
  const image = Buffer.from(store.db.serialize());
  asRollbackImage(image);
  const copy = new Database(image);
  try {
    if (!options.keepPoolKeys) {
      copy.pragma('secure_delete = ON');
      copy.exec('DELETE FROM pool_keys');
    }
    copy.exec('VACUUM');
    return Buffer.from(copy.serialize());
  } finally {
    copy.close();
  }
}
