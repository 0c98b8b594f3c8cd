import Database from 'better-sqlite3';
import { chmodSync, existsSync } from 'node:fs';
import { SeedMismatchError } from '../../common/errors.js';
import { SEED_CHECK_PLAINTEXT, SeedCipher } from '../seedCipher.js';
import { AuditLog } from './audit.js';
import { EncryptedRecords } from './encryptedRecords.js';
import { migrate } from './migrations.js';
import { PoolKeys } from './poolKeys.js';
import { secretPolicy, type SecretPolicy } from './secretPolicy.js';
import { SETTING_GENERATION, SETTING_SEED_CHECK, Settings } from './settings.js';

/** How long a write waits for another process's write to finish before giving up. */
export const BUSY_TIMEOUT_MS = 15_000;

export interface StoreOptions {
  /** Path of config.db. */
  databasePath: string;
  seed: Uint8Array;
  policy?: SecretPolicy;
  readonly?: boolean;
  /** Default true: refuse a seed that does not decrypt the stored check value. */
  verifySeed?: boolean;
}

/**
 * The configuration database: cloud credentials, keychain credentials (SSH keypairs and
 * connections), pool keys, settings and the audit log. Opening it migrates the schema and
 * checks the seed against the stored "Donuts!" value, so a wrong seed fails here, clearly,
 * instead of showing garbage later.
 */
export class Store {
  readonly db: Database.Database;
  readonly cipher: SeedCipher;
  readonly settings: Settings;
  readonly audit: AuditLog;
  readonly cloudCredentials: EncryptedRecords;
  readonly keychain: EncryptedRecords;
  readonly poolKeys: PoolKeys;

  constructor(readonly options: StoreOptions) {
    // Another process may hold the write lock (a CLI command beside the console, the daily
    // backup): wait for it, boundedly, instead of failing with "database is locked".
    this.db = new Database(options.databasePath, { readonly: options.readonly ?? false, timeout: BUSY_TIMEOUT_MS });
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    }
    this.db.pragma('foreign_keys = ON');
    try {
      if (!options.readonly) migrate(this.db);
      this.cipher = new SeedCipher(options.seed);
      this.settings = new Settings(this.db);
      this.audit = new AuditLog(this.db);
      const policy = options.policy ?? secretPolicy();
      this.cloudCredentials = new EncryptedRecords(this.db, this.cipher, this.audit, policy, {
        table: 'cloud_credentials',
        typeColumn: 'provider',
        kind: 'cloud',
        noun: 'cloud credential',
      });
      this.keychain = new EncryptedRecords(this.db, this.cipher, this.audit, policy, {
        table: 'keychain_credentials',
        typeColumn: 'type',
        kind: 'keychain',
        noun: 'keychain credential',
      });
      this.poolKeys = new PoolKeys(this.db, this.cipher, this.audit);
      if (!options.readonly && options.verifySeed !== false) {
        this.ensureSeedCheck();
        restrictDatabaseFiles(options.databasePath);
      }
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  /**
   * Runs `work` as one IMMEDIATE transaction: the write lock is taken before the first read,
   * so a read-modify-write cannot interleave with another process's (a deferred transaction
   * that reads and then writes fails with SQLITE_BUSY instead of waiting). Nested calls join
   * the outer transaction.
   */
  write<T>(work: () => T): T {
    return this.db.inTransaction ? work() : this.db.transaction(work).immediate();
  }

  /**
   * Moves when the store changes: `dataVersion` when another connection commits (SQLite's
   * data_version), `generation` when the whole configuration is replaced (an upload).
   */
  changeMarker(): { dataVersion: number; generation: string } {
    return { dataVersion: this.db.pragma('data_version', { simple: true }) as number, generation: this.settings.get(SETTING_GENERATION) ?? '' };
  }

  /** Whether the seed in use decrypts this database's check value. */
  seedMatches(): boolean {
    const check = this.settings.get(SETTING_SEED_CHECK);
    return check === undefined || this.cipher.matchesCheck(check);
  }

  /** Makes the stored check value the one of the seed in use (after secrets were re-keyed or dropped). */
  resetSeedCheck(): void {
    this.settings.set(SETTING_SEED_CHECK, this.cipher.encrypt(SEED_CHECK_PLAINTEXT));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private ensureSeedCheck(): void {
    const check = this.settings.get(SETTING_SEED_CHECK);
    if (check === undefined) {
      this.settings.set(SETTING_SEED_CHECK, this.cipher.encrypt(SEED_CHECK_PLAINTEXT));
    } else if (!this.cipher.matchesCheck(check)) {
      throw new SeedMismatchError(
        'The secret seed (pwenc_secret) does not match this configuration database: its secrets cannot be read. Restore the right pwenc_secret or upload a configuration saved with its seed.',
      );
    }
  }
}

/** SQLite creates files with the umask's mode; the database and its WAL hold secrets. */
function restrictDatabaseFiles(databasePath: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(databasePath + suffix)) chmodSync(databasePath + suffix, 0o600);
  }
}
