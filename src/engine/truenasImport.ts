import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { unpackTar } from './archive/tar.js';
import { UserError } from '../common/errors.js';
import { writeFileAtomic } from './fsSafe.js';
import { SeedCipher, SEED_BYTES } from './seedCipher.js';
import type { Attributes, Store } from './store/index.js';
import { validateRecordName } from './store/encryptedRecords.js';

const TRUENAS_DATABASE = 'freenas-v1.db';
const TRUENAS_SEED = 'pwenc_secret';
const MAX_TRUENAS_BYTES = 64 * 1024 * 1024;

export interface TrueNasImportOptions {
  /** The seed, when the database is given bare. */
  seed?: Buffer;
  /** On a name that already exists: false = skip and report, true = import under a new name. */
  rename?: boolean;
  /** Which provider ids this nasconsole knows (src/providers). */
  isKnownProvider: (provider: string) => boolean;
}

export interface ImportReport {
  imported: { kind: 'cloud credential' | 'SSH keypair' | 'SSH connection'; name: string; from: string }[];
  skipped: { kind: string; name: string; reason: string }[];
}

interface DecryptedRow {
  id: number;
  name: string;
  kind: string;
  attributes: Attributes;
}

/**
 * Brings cloud credentials, SSH keypairs and SSH connections in from a TrueNAS configuration:
 * its tar (freenas-v1.db + pwenc_secret) or a bare freenas-v1.db with its seed. Every row is
 * decrypted before anything is written; the writes are one transaction.
 */
export async function importTrueNas(store: Store, fileBytes: Buffer, options: TrueNasImportOptions): Promise<ImportReport> {
  const { database, seed } = await readTrueNasFile(fileBytes, options.seed);
  const cipher = new SeedCipher(seed);
  const { cloud, keychain } = readDecryptedRows(store, database, cipher);
  return writeImport(store, cloud, keychain, options);
}

async function readTrueNasFile(bytes: Buffer, seed?: Buffer): Promise<{ database: Buffer; seed: Buffer }> {
  if (bytes.length > MAX_TRUENAS_BYTES) throw new UserError('The file is too large for a TrueNAS configuration.');
  if (bytes.subarray(0, 16).toString('latin1') === 'SQLite format 3\0') {
    if (!seed) throw new UserError('A bare TrueNAS database needs its seed: give the pwenc_secret file with --secret-file.');
    return { database: bytes, seed: checkSeed(seed) };
  }
  const members = await unpackTar(bytes, 64);
  const database = members.get(TRUENAS_DATABASE);
  if (!database) throw new UserError(`This is not a TrueNAS configuration archive: it has no ${TRUENAS_DATABASE}.`);
  const archivedSeed = members.get(TRUENAS_SEED) ?? seed;
  if (!archivedSeed) throw new UserError('This TrueNAS configuration was saved without its secret seed, so its credentials cannot be decrypted: save it again with "Export Password Secret Seed", or give the seed with --secret-file.');
  return { database, seed: checkSeed(archivedSeed) };
}

function checkSeed(seed: Buffer): Buffer {
  if (seed.length !== SEED_BYTES) throw new UserError(`The secret seed is ${seed.length} bytes; a TrueNAS pwenc_secret has ${SEED_BYTES}.`);
  return seed;
}

function readDecryptedRows(store: Store, databaseBytes: Buffer, cipher: SeedCipher): { cloud: DecryptedRow[]; keychain: DecryptedRow[] } {
  // better-sqlite3 opens files, not buffers: stage a private copy beside the store.
  const staged = join(store.options.databasePath, '..', `.truenas-${randomBytes(6).toString('hex')}.db`);
  writeFileAtomic(staged, databaseBytes, 0o600);
  let db: Database.Database | undefined;
  try {
    db = new Database(staged, { readonly: true });
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name));
    if (!tables.has('system_cloudcredentials') && !tables.has('system_keychaincredential')) {
      throw new UserError('This database has no TrueNAS credential tables (system_cloudcredentials, system_keychaincredential).');
    }
    checkSeedAgainstSettings(db, tables, cipher);
    const decrypt = (row: { id: number; name: string; kind: string | null; attributes: string }, table: string): DecryptedRow => {
      let attributes: unknown;
      try {
        attributes = JSON.parse(cipher.decrypt(row.attributes));
      } catch {
        throw new UserError(`The secret seed does not decrypt ${table} row ${JSON.stringify(row.name)}: wrong or missing seed. Nothing was imported.`);
      }
      if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) throw new UserError(`The attributes of ${JSON.stringify(row.name)} are not a JSON object. Nothing was imported.`);
      const { type, ...rest } = attributes as Attributes;
      // Newer TrueNAS keeps the provider inside the attributes as {"type": "S3", ...}.
      return { id: row.id, name: row.name, kind: row.kind ?? String(type ?? ''), attributes: row.kind ? (attributes as Attributes) : rest };
    };
    const cloud = tables.has('system_cloudcredentials') ? (db.prepare(`SELECT id, name, ${providerColumn(db)} AS kind, attributes FROM system_cloudcredentials ORDER BY id`).all() as never[]).map((row) => decrypt(row, 'system_cloudcredentials')) : [];
    const keychain = tables.has('system_keychaincredential') ? (db.prepare('SELECT id, name, type AS kind, attributes FROM system_keychaincredential ORDER BY id').all() as never[]).map((row) => decrypt(row, 'system_keychaincredential')) : [];
    return { cloud, keychain };
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError('The TrueNAS database is corrupt or not in the expected shape.');
  } finally {
    db?.close();
    rmSync(staged, { force: true });
  }
}

/** Older databases have a provider column; newer ones keep it in the attributes. */
function providerColumn(db: Database.Database): string {
  const columns = (db.prepare('PRAGMA table_info(system_cloudcredentials)').all() as { name: string }[]).map((c) => c.name);
  return columns.includes('provider') ? 'provider' : 'NULL';
}

function checkSeedAgainstSettings(db: Database.Database, tables: Set<string>, cipher: SeedCipher): void {
  if (!tables.has('system_settings')) return;
  const columns = (db.prepare('PRAGMA table_info(system_settings)').all() as { name: string }[]).map((c) => c.name);
  if (!columns.includes('stg_pwenc_check')) return;
  const row = db.prepare('SELECT stg_pwenc_check AS value FROM system_settings LIMIT 1').get() as { value: string | null } | undefined;
  if (row?.value && !cipher.matchesCheck(row.value)) throw new UserError('The secret seed does not match this TrueNAS database (its check value does not decrypt). Nothing was imported.');
}

function writeImport(store: Store, cloud: DecryptedRow[], keychain: DecryptedRow[], options: TrueNasImportOptions): ImportReport {
  const report: ImportReport = { imported: [], skipped: [] };
  const keypairIds = new Map<number, number>(); // TrueNAS keypair id -> our id
  const nameFor = (kind: string, name: string, exists: (n: string) => boolean): string | undefined => {
    let clean: string;
    try {
      clean = validateRecordName(name, kind);
    } catch (error) {
      report.skipped.push({ kind, name, reason: (error as Error).message });
      return undefined;
    }
    if (!exists(clean)) return clean;
    if (!options.rename) {
      report.skipped.push({ kind, name, reason: 'a record with this name already exists (use --rename)' });
      return undefined;
    }
    for (let n = 2; ; n++) if (!exists(`${clean} (${n})`)) return `${clean} (${n})`;
  };
  const keychainExists = (name: string) => store.keychain.find(name) !== undefined;
  const cloudExists = (name: string) => store.cloudCredentials.find(name) !== undefined;

  store.write(() => {
    for (const row of keychain.filter((r) => r.kind === 'SSH_KEY_PAIR')) {
      const name = nameFor('SSH keypair', row.name, keychainExists);
      if (!name) continue;
      const created = store.keychain.create(name, 'SSH_KEY_PAIR', pick(row.attributes, ['private_key', 'public_key']));
      keypairIds.set(row.id, created.id);
      report.imported.push({ kind: 'SSH keypair', name, from: row.name });
    }
    for (const row of keychain.filter((r) => r.kind !== 'SSH_KEY_PAIR')) {
      if (row.kind !== 'SSH_CREDENTIALS') {
        report.skipped.push({ kind: 'keychain credential', name: row.name, reason: `unknown type ${row.kind}` });
        continue;
      }
      const keypair = keypairIds.get(Number(row.attributes.private_key));
      if (keypair === undefined) {
        report.skipped.push({ kind: 'SSH connection', name: row.name, reason: 'its keypair was not imported' });
        continue;
      }
      const name = nameFor('SSH connection', row.name, keychainExists);
      if (!name) continue;
      store.keychain.create(name, 'SSH_CREDENTIALS', { ...row.attributes, private_key: keypair });
      report.imported.push({ kind: 'SSH connection', name, from: row.name });
    }
    for (const row of cloud) {
      if (!options.isKnownProvider(row.kind)) {
        report.skipped.push({ kind: 'cloud credential', name: row.name, reason: `provider ${row.kind || '(none)'} is not supported` });
        continue;
      }
      const attributes = { ...row.attributes };
      if (row.kind === 'SFTP' && attributes.private_key !== undefined && attributes.private_key !== null && attributes.private_key !== '') {
        const keypair = keypairIds.get(Number(attributes.private_key));
        if (keypair === undefined) {
          report.skipped.push({ kind: 'cloud credential', name: row.name, reason: 'its SSH keypair was not imported' });
          continue;
        }
        attributes.private_key = keypair;
      }
      const name = nameFor('cloud credential', row.name, cloudExists);
      if (!name) continue;
      store.cloudCredentials.create(name, row.kind, attributes);
      report.imported.push({ kind: 'cloud credential', name, from: row.name });
    }
    store.audit.record('import', 'truenas', null, `${report.imported.length} imported, ${report.skipped.length} skipped`);
  });
  return report;
}

function pick(attributes: Attributes, keys: string[]): Attributes {
  return Object.fromEntries(keys.filter((key) => key in attributes).map((key) => [key, attributes[key]]));
}
