import Database from 'better-sqlite3';
import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import type { SeedCipher } from '../seedCipher.js';
import type { Attributes } from '../store/index.js';

/** A credential row of a TrueNAS database, its attributes decrypted. */
export interface TrueNasRow {
  id: number;
  name: string;
  /** The provider (cloud) or keychain type (SSH_KEY_PAIR, SSH_CREDENTIALS). */
  kind: string;
  attributes: Attributes;
}

/** A dataset key TrueNAS keeps in its database (storage_encrypteddataset, ZFS native encryption). */
export interface TrueNasDatasetKey {
  dataset: string;
  /** The decrypted key (64 hex characters), or null when the key is kept elsewhere (KMIP). */
  key: string | null;
}

export interface TrueNasRows {
  cloud: TrueNasRow[];
  keychain: TrueNasRow[];
  /** CORE: a GELI pool's encryptkey (its key file's name) → the pool's name. */
  poolByEncryptKey: Map<string, string>;
  datasetKeys: TrueNasDatasetKey[];
}

/**
 * Reads what the import needs from a freenas-v1.db held in memory (never written to disk),
 * every encrypted value decrypted with the seed before anything is returned: a wrong seed is
 * one clear error, not half an import. Tables and columns that an older or newer schema lacks
 * are read as empty.
 */
export function readTrueNasRows(databaseBytes: Buffer, cipher: SeedCipher): TrueNasRows {
  let db: Database.Database | undefined;
  try {
    db = new Database(asRollbackJournal(databaseBytes), { readonly: true });
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name));
    if (!tables.has('system_cloudcredentials') && !tables.has('system_keychaincredential')) {
      throw new UserError('This database has no TrueNAS credential tables (system_cloudcredentials, system_keychaincredential).');
    }
    const columns = (table: string) => new Set((db!.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name));
    checkSeedAgainstSettings(db, tables, columns, cipher);
    const decryptJson = (row: { name: string; attributes: string }, table: string): Attributes => {
      let attributes: unknown;
      try {
        attributes = JSON.parse(cipher.decrypt(row.attributes));
      } catch {
        throw new UserError(`The secret seed does not decrypt ${table} row ${printable(JSON.stringify(row.name))}: wrong or missing seed. Nothing was imported.`);
      }
      if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) {
        throw new UserError(`The attributes of ${printable(JSON.stringify(row.name))} are not a JSON object. Nothing was imported.`);
      }
      return attributes as Attributes;
    };

    const cloud: TrueNasRow[] = [];
    if (tables.has('system_cloudcredentials')) {
      // Older schemas have a provider column; some keep the provider inside the attributes as {"type": ...}.
      const provider = columns('system_cloudcredentials').has('provider') ? 'provider' : 'NULL';
      const rows = db.prepare(`SELECT id, name, ${provider} AS kind, attributes FROM system_cloudcredentials ORDER BY id`).all() as RawRow[];
      for (const row of rows) {
        const attributes = decryptJson(row, 'system_cloudcredentials');
        if (row.kind) {
          cloud.push({ id: row.id, name: row.name, kind: row.kind, attributes });
        } else {
          const { type, ...rest } = attributes;
          cloud.push({ id: row.id, name: row.name, kind: String(type ?? ''), attributes: rest });
        }
      }
    }
    const keychain = tables.has('system_keychaincredential')
      ? (db.prepare('SELECT id, name, type AS kind, attributes FROM system_keychaincredential ORDER BY id').all() as RawRow[]).map((row) => ({
          id: row.id,
          name: row.name,
          kind: row.kind ?? '',
          attributes: decryptJson(row, 'system_keychaincredential'),
        }))
      : [];

    const poolByEncryptKey = new Map<string, string>();
    if (tables.has('storage_volume') && columns('storage_volume').has('vol_encryptkey')) {
      for (const row of db.prepare("SELECT vol_name AS name, vol_encryptkey AS encryptKey FROM storage_volume WHERE vol_encryptkey IS NOT NULL AND vol_encryptkey != ''").all() as { name: string; encryptKey: string }[]) {
        poolByEncryptKey.set(row.encryptKey, row.name);
      }
    }
    const datasetKeys: TrueNasDatasetKey[] = [];
    if (tables.has('storage_encrypteddataset')) {
      for (const row of db.prepare('SELECT name, encryption_key AS key FROM storage_encrypteddataset ORDER BY id').all() as { name: string; key: string | null }[]) {
        let key: string | null = null;
        if (row.key) {
          try {
            key = cipher.decrypt(row.key);
          } catch {
            throw new UserError(`The secret seed does not decrypt the key of dataset ${printable(JSON.stringify(row.name))}: wrong or missing seed. Nothing was imported.`);
          }
        }
        datasetKeys.push({ dataset: row.name, key });
      }
    }
    return { cloud, keychain, poolByEncryptKey, datasetKeys };
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError('The TrueNAS database is corrupt or not in the expected shape.');
  } finally {
    db?.close();
  }
}

interface RawRow {
  id: number;
  name: string;
  kind: string | null;
  attributes: string;
}

/**
 * A database saved in WAL mode says so in its header (bytes 18-19 = 2) and cannot be opened
 * from memory that way; its -wal file is not part of the archive anyway, so read it as the
 * rollback-journal database it then is.
 */
function asRollbackJournal(bytes: Buffer): Buffer {
  if (bytes.length < 20 || (bytes[18] !== 2 && bytes[19] !== 2)) return bytes;
  const copy = Buffer.from(bytes);
  copy[18] = 1;
  copy[19] = 1;
  return copy;
}

function checkSeedAgainstSettings(db: Database.Database, tables: Set<string>, columns: (table: string) => Set<string>, cipher: SeedCipher): void {
  if (!tables.has('system_settings') || !columns('system_settings').has('stg_pwenc_check')) return;
  const row = db.prepare('SELECT stg_pwenc_check AS value FROM system_settings LIMIT 1').get() as { value: string | null } | undefined;
  if (row?.value && !cipher.matchesCheck(row.value)) throw new UserError('The secret seed does not match this TrueNAS database (its check value does not decrypt). Nothing was imported.');
}
