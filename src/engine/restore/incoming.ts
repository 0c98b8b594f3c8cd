import type Database from 'better-sqlite3';
import { UserError } from '../../common/errors.js';
import { columnsOf, openDatabaseImage, tablesOf } from '../store/databaseImage.js';
import { STORE_CAPACITY } from '../store/capacity.js';
import { SCHEMA_VERSION, schemaVersionOf } from '../store/migrations.js';

/**
 * A nasconsole configuration database that came from outside (an upload, a backup), read as
 * data: only the tables and columns named here, each value checked for its type by whoever
 * uses it. Nothing of its schema (triggers, views, indexes, extra tables, pragmas) is ever
 * executed or copied: the live store is written by our own migrations and our own inserts.
 */
export interface IncomingRecord {
  id: unknown;
  name: unknown;
  type: unknown;
  /** The encrypted attributes as stored. */
  attributes: unknown;
  /** The non-secret attributes in clear (what survives a lost seed). */
  publicAttributes: unknown;
  checkOk: unknown;
  checkMessage: unknown;
  checkedAt: unknown;
}

export interface IncomingPoolKey {
  dataset: unknown;
  encryptedKey: unknown;
}

/** A row of backup_destinations (schema 2 and later), by column name. */
export type IncomingDestination = Record<(typeof DESTINATION_COLUMNS)[number], unknown>;
export type IncomingRecipient = Record<(typeof RECIPIENT_COLUMNS)[number], unknown>;

export interface IncomingConfiguration {
  schemaVersion: number;
  cloud: IncomingRecord[];
  keychain: IncomingRecord[];
  poolKeys: IncomingPoolKey[];
  settings: Map<string, unknown>;
  destinations: IncomingDestination[];
  recipients: IncomingRecipient[];
}

const DESTINATION_COLUMNS = ['name', 'cloud_credential_id', 'ssh_connection_id', 'path', 'keep', 'last_ok', 'last_message', 'last_at', 'last_file', 'pushed_sha256', 'created_at'] as const;
const RECIPIENT_COLUMNS = ['recipient', 'label', 'created_at'] as const;
/** The schema version that added off-box destinations and recipients. */
const OFFSITE_SCHEMA = 2;

/** More rows than the store holds is not a configuration we wrote: a hostile or broken file. */
const MAX_ROWS_PER_TABLE = STORE_CAPACITY.maxRowsPerTable;

const RECORD_TABLES = {
  cloud: { table: 'cloud_credentials', typeColumn: 'provider' },
  keychain: { table: 'keychain_credentials', typeColumn: 'type' },
} as const;

/** IncomingRecord's fields by the column each is read from (the type column is the table's own). */
const RECORD_COLUMNS = { id: 'id', name: 'name', attributes: 'attributes', publicAttributes: 'public_attributes', checkOk: 'check_ok', checkMessage: 'check_message', checkedAt: 'checked_at' };

/** Reads the database image (handed over: see openDatabaseImage). */
export function readIncomingConfiguration(image: Buffer): IncomingConfiguration {
  const db = openDatabaseImage(image);
  try {
    const schemaVersion = schemaVersionOf(db);
    const tables = tablesOf(db);
    if (schemaVersion > SCHEMA_VERSION) {
      throw new UserError(`The configuration was saved by a newer nasconsole (schema ${schemaVersion}, this one reads up to ${SCHEMA_VERSION}): upgrade nasconsole to upload it.`);
    }
    if (schemaVersion === 0 || !tables.has('settings')) {
      throw new UserError(
        tables.has('system_cloudcredentials') ? 'This is a TrueNAS database: bring its credentials in with a TrueNAS import.' : 'This is not a nasconsole configuration database.',
      );
    }
    return {
      schemaVersion,
      cloud: readRecords(db, tables, RECORD_TABLES.cloud),
      keychain: readRecords(db, tables, RECORD_TABLES.keychain),
      poolKeys: selectRows(db, tables, 'pool_keys', ['dataset', 'encryption_key']).map((row) => ({ dataset: row.dataset, encryptedKey: row.encryption_key })),
      settings: new Map(selectRows(db, tables, 'settings', ['key', 'value']).map((row) => [String(row.key), row.value])),
      destinations: schemaVersion >= OFFSITE_SCHEMA ? (selectRows(db, tables, 'backup_destinations', [...DESTINATION_COLUMNS]) as IncomingDestination[]) : [],
      recipients: schemaVersion >= OFFSITE_SCHEMA ? (selectRows(db, tables, 'backup_recipients', [...RECIPIENT_COLUMNS]) as IncomingRecipient[]) : [],
    };
  } finally {
    db.close();
  }
}

/** Rows straight into IncomingRecords (SQLite names the fields): 100,000 records are not copied twice. */
function readRecords(db: Database.Database, tables: Set<string>, spec: { table: string; typeColumn: string }): IncomingRecord[] {
  return selectRows(db, tables, spec.table, { ...RECORD_COLUMNS, type: spec.typeColumn }) as unknown as IncomingRecord[];
}

/**
 * The named columns of a real table (not a view), in rowid order; refuses a table without them.
 * Columns given as `{ field: column }` come back under the field's name.
 */
function selectRows(db: Database.Database, tables: Set<string>, table: string, columns: string[] | Record<string, string>): Record<string, unknown>[] {
  if (!tables.has(table)) throw new UserError(`This is not a nasconsole configuration database: it has no ${table} table.`);
  const fields = Array.isArray(columns) ? Object.fromEntries(columns.map((column) => [column, column])) : columns;
  const present = columnsOf(db, table);
  const missing = Object.values(fields).filter((column) => !present.has(column));
  if (missing.length > 0) throw new UserError(`This is not a nasconsole configuration database: ${table} has no ${missing.join(', ')} column.`);
  const count = (db.prepare(`SELECT count(*) AS n FROM main."${table}"`).get() as { n: number }).n;
  if (count > MAX_ROWS_PER_TABLE) throw new UserError(`The configuration database holds ${count} rows in ${table}, more than ${MAX_ROWS_PER_TABLE}.`);
  const list = Object.entries(fields).map(([field, column]) => `"${column}" AS "${field}"`);
  return db.prepare(`SELECT ${list.join(', ')} FROM main."${table}"`).all() as Record<string, unknown>[];
}
