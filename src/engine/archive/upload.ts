import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DataPaths } from '../dataDir.js';
import { pendingSeedPath } from '../dataStore.js';
import { UserError } from '../../common/errors.js';
import { fsyncDir, writeFileAtomic } from '../fsSafe.js';
import { SCHEMA_VERSION, Store, type SecretPolicy } from '../store/index.js';
import { createBackup, type BackupEntry } from '../backups.js';
import { readArchive, type ArchiveContents } from './readArchive.js';

export interface UploadOptions {
  passphrase?: string;
  /** Keep records whose secrets cannot be read without the archive's seed, minus those secrets. */
  discardSecrets?: boolean;
  policy?: SecretPolicy;
}

export interface DroppedSecrets {
  kind: 'cloud credential' | 'keychain credential' | 'pool key';
  name: string;
}

export interface UploadResult {
  /** The live store, reopened on the uploaded configuration. */
  store: Store;
  backup: BackupEntry;
  seedReplaced: boolean;
  poolKeysRestored: number;
  dropped: DroppedSecrets[];
  counts: { cloudCredentials: number; keychainCredentials: number; poolKeys: number };
}

/**
 * Replaces the live configuration with an uploaded one. Everything is checked on a staged
 * copy first (archive, hashes, SQLite integrity, schema, seed); only then is the current
 * configuration backed up and the staged database renamed into place. Any failure before
 * that leaves the live store as it was, open and untouched.
 */
export async function uploadConfiguration(current: Store, paths: DataPaths, fileBytes: Buffer, options: UploadOptions = {}): Promise<UploadResult> {
  const contents = await readArchive(fileBytes, options.passphrase);
  const staged = join(paths.dir, `.upload-${randomBytes(6).toString('hex')}.db`);
  try {
    writeFileAtomic(staged, contents.database, 0o600);
    checkDatabaseFile(staged);
    const seed = contents.seed ?? Buffer.from(current.options.seed);
    const { dropped, poolKeysRestored, counts } = prepareStagedStore(staged, seed, contents, options);

    const backup = await createBackup(current, paths, 'pre-upload');
    const seedReplaced = Boolean(contents.seed && !contents.seed.equals(Buffer.from(current.options.seed)));
    current.close();
    if (seedReplaced) writeFileAtomic(pendingSeedPath(paths), contents.seed!, 0o600);
    for (const suffix of ['-wal', '-shm']) rmSync(paths.database + suffix, { force: true });
    renameSync(staged, paths.database);
    if (seedReplaced) renameSync(pendingSeedPath(paths), paths.secret);
    fsyncDir(paths.dir);

    const store = new Store({ databasePath: paths.database, seed, policy: options.policy });
    store.audit.record('upload', 'configuration', backup.name, `previous configuration saved as ${backup.name}${dropped.length ? `; secrets dropped from ${dropped.length} record(s)` : ''}`);
    return { store, backup, seedReplaced, poolKeysRestored, dropped, counts };
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(staged + suffix, { force: true });
  }
}

/** SQLite's own integrity check and our schema version, before anything else opens it. */
function checkDatabaseFile(path: string): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true });
    const result = db.pragma('integrity_check') as { integrity_check: string }[];
    if (result.length !== 1 || result[0]!.integrity_check !== 'ok') throw new UserError('The configuration database is corrupt (SQLite integrity check failed).');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new UserError(`The configuration was saved by a newer nasconsole (schema ${version}, this one reads up to ${SCHEMA_VERSION}): upgrade nasconsole to upload it.`);
    }
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name));
    if (version === 0 || !tables.has('settings')) {
      throw new UserError(tables.has('system_cloudcredentials') ? 'This is a TrueNAS database: bring its credentials in with `nasconsole import truenas`.' : 'This is not a nasconsole configuration database.');
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError('The configuration database is corrupt or not an SQLite database.');
  } finally {
    db?.close();
  }
}

function prepareStagedStore(path: string, seed: Buffer, contents: ArchiveContents, options: UploadOptions) {
  const store = new Store({ databasePath: path, seed, policy: options.policy, verifySeed: false });
  try {
    const dropped: DroppedSecrets[] = [];
    const unreadable = [...store.cloudCredentials.undecryptable(), ...store.keychain.undecryptable()];
    const seedFits = store.seedMatches() && unreadable.length === 0;
    if (!seedFits && contents.seed) {
      throw new UserError("The archive's secret seed does not decrypt its own database: the archive is inconsistent.");
    }
    if (!seedFits && !options.discardSecrets) {
      throw new UserError(
        `This configuration was saved without its secret seed, and this machine's seed cannot read its secrets (${unreadable.length} record(s)). Upload a configuration saved with "Export Password Secret Seed"`,
        { reason: 'secrets-unreadable' },
      );
    }
    if (!seedFits) {
      for (const record of store.cloudCredentials.salvageUndecryptable()) dropped.push({ kind: 'cloud credential', name: record.name });
      for (const record of store.keychain.salvageUndecryptable()) dropped.push({ kind: 'keychain credential', name: record.name });
      for (const dataset of store.poolKeys.dropUndecryptable()) dropped.push({ kind: 'pool key', name: dataset });
      store.resetSeedCheck();
    }
    if (contents.poolKeys?.length) store.poolKeys.import(contents.poolKeys);
    return {
      dropped,
      poolKeysRestored: contents.poolKeys?.length ?? 0,
      counts: { cloudCredentials: store.cloudCredentials.count(), keychainCredentials: store.keychain.count(), poolKeys: store.poolKeys.count() },
    };
  } finally {
    store.close();
  }
}
