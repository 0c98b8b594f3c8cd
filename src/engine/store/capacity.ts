import type Database from 'better-sqlite3';
import { UserError } from '../../common/errors.js';
import { tablesOf } from './databaseImage.js';

const MiB = 1024 * 1024;

/**
 * What the store holds at most, enforced where it is written, so that every archive made of
 * it (a save, a daily or pre-upload backup, a push) is one an upload takes back:
 *  - the database file: at most 128 MiB (SQLite's max_page_count on every connection that
 *    writes it: an add, an edit, an import or an upload that would grow it further fails,
 *    changing nothing). 100,000 HTTP credentials take about 110 MiB; an upload holds the
 *    database image in memory, so this is also what bounds an upload's memory.
 *  - at most 100,000 rows per table (a write that grows a table beyond it is refused), the
 *    bound an upload applies to the tables it reads from a file.
 */
export const STORE_CAPACITY = {
  maxDatabaseBytes: 128 * MiB,
  maxRowsPerTable: 100_000,
} as const;

/**
 * The largest configuration file an upload takes: the largest database plus room for the
 * rest of an archive (tar headers, manifest, seed, pool_keys.json, which holds the pool
 * keys the database copy leaves out, and age's 16 bytes per 64 KiB and header). A save and
 * every backup writer check their archive against it before writing, so the margin is a
 * promise they keep, not an estimate.
 */
export const MAX_CONFIGURATION_FILE_BYTES = STORE_CAPACITY.maxDatabaseBytes + 1 * MiB;

/** The tables an upload reads, by what their rows are (for messages). */
const COUNTED_TABLES = {
  cloud_credentials: 'cloud credentials',
  keychain_credentials: 'SSH keypairs and connections',
  pool_keys: 'pool keys',
  settings: 'settings',
  backup_destinations: 'backup destinations',
  backup_recipients: 'backup recipients',
} as const;

/** Sets the database size ceiling on a connection that writes the store (it is per connection). */
export function applyStoreCapacity(db: Database.Database): void {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`max_page_count = ${Math.floor(STORE_CAPACITY.maxDatabaseBytes / pageSize)}`);
}

export type RowCounts = Map<string, number>;

/** Rows per counted table (those present: a database before a migration lacks some). */
export function rowCounts(db: Database.Database): RowCounts {
  const present = tablesOf(db);
  const counts: RowCounts = new Map();
  for (const table of Object.keys(COUNTED_TABLES)) {
    if (present.has(table)) counts.set(table, (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n);
  }
  return counts;
}

/**
 * Refuses a write that grew a table beyond its bound (compared with the counts before it):
 * a store that already holds more (made by an older version) can still shrink.
 */
export function checkRowsAfterWrite(before: RowCounts, after: RowCounts): void {
  for (const [table, count] of after) {
    if (count > STORE_CAPACITY.maxRowsPerTable && count > (before.get(table) ?? 0)) throw tooManyRows(table, count, 'nothing was changed');
  }
}

/** Refuses a store holding more rows than an upload takes (before an archive of it is written). */
export function checkRowsUploadable(counts: RowCounts): void {
  for (const [table, count] of counts) {
    if (count > STORE_CAPACITY.maxRowsPerTable) throw tooManyRows(table, count, 'an upload would refuse an archive of it, so none was written');
  }
}

function tooManyRows(table: string, count: number, consequence: string): UserError {
  const what = COUNTED_TABLES[table as keyof typeof COUNTED_TABLES] ?? table;
  return new UserError(`The configuration store may hold at most ${STORE_CAPACITY.maxRowsPerTable} ${what} (${count} here): ${consequence}.`, { reason: 'store-full' });
}

/** SQLite's "database or disk is full", as the user reads it. */
export function storeFullError(): UserError {
  return new UserError(
    `The configuration store is full: it holds at most ${STORE_CAPACITY.maxDatabaseBytes / MiB} MiB (or the disk is full). Nothing was changed.`,
    { reason: 'store-full' },
  );
}
