import Database from 'better-sqlite3';
import { chmodSync, existsSync } from 'node:fs';
import { SeedMismatchError, UserError } from '../../common/errors.js';
import { isAuthenticated, SEED_CHECK_PLAINTEXT, type SeedCipher } from '../seedCipher.js';
import { AuditLog } from './auditLog.js';
import { applyStoreCapacity, checkRowsAfterWrite, rowCounts, storeFullError } from './capacity.js';
import { EncryptedRecords } from './encryptedRecords.js';
import { LiveSeed } from './liveSeed.js';
import { migrate } from './migrations.js';
import { PoolKeys } from './poolKeyTable.js';
import { secretPolicy, type SecretPolicy } from './secretPolicy.js';
import { SETTING_GENERATION, SETTING_SEED_CHECK, Settings } from './settings.js';

/** How long a write waits for another process's write to finish before giving up. */
export const BUSY_TIMEOUT_MS = 15_000;

export interface StoreOptions {
  /** Path of config.db. */
  databasePath: string;
  seed: Uint8Array;
  policy?: SecretPolicy;
  /**
   * Where the seed of a configuration replaced by another process is found (pwenc_secret and
   * the pending seed of an upload in progress). Without them, a replaced seed is an error.
   */
  seedFiles?: readonly string[];
  /**
   * Default true: refuse a seed that does not decrypt the stored check value. False only for
   * an upload, which may replace a configuration whose seed is lost.
   */
  verifySeed?: boolean;
}

/** Where encrypted values live: each is re-encrypted when it is still in TrueNAS's legacy format. */
const ENCRYPTED_COLUMNS = [
  { table: 'cloud_credentials', key: 'id', column: 'attributes' },
  { table: 'keychain_credentials', key: 'id', column: 'attributes' },
  { table: 'pool_keys', key: 'dataset', column: 'encryption_key' },
] as const;

/**
 * The configuration database: cloud credentials, keychain credentials (SSH keypairs and
 * connections), pool keys, settings and the audit log. Opening it migrates the schema and
 * checks the seed against the stored "Donuts!" value, so a wrong seed fails here, clearly,
 * instead of showing garbage later.
 *
 * Several processes may have it open at once (the console, a CLI command in another shell,
 * the daily backup): every change is one IMMEDIATE transaction (`write`), a busy store is
 * waited for, and a configuration replaced by another process is followed (see LiveSeed).
 */
export class Store {
  readonly db: Database.Database;
  readonly settings: Settings;
  readonly audit: AuditLog;
  readonly cloudCredentials: EncryptedRecords;
  readonly keychain: EncryptedRecords;
  readonly poolKeys: PoolKeys;
  private readonly live: LiveSeed;

  constructor(readonly options: StoreOptions) {
    // Another process may hold the write lock (a CLI command beside the console, the daily
    // backup): wait for it, boundedly, instead of failing with "database is locked".
    this.db = new Database(options.databasePath, { timeout: BUSY_TIMEOUT_MS });
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('trusted_schema = OFF');
      applyStoreCapacity(this.db);
      migrate(this.db);
      this.live = new LiveSeed(this.db, options.seed, options.seedFiles ?? []);
      this.settings = new Settings(this.db);
      this.audit = new AuditLog(this.db);
      const policy = options.policy ?? secretPolicy();
      this.cloudCredentials = new EncryptedRecords(this, policy, { table: 'cloud_credentials', typeColumn: 'provider', kind: 'cloud', noun: 'cloud credential' });
      this.keychain = new EncryptedRecords(this, policy, { table: 'keychain_credentials', typeColumn: 'type', kind: 'keychain', noun: 'keychain credential' });
      this.poolKeys = new PoolKeys(this);
      if (options.verifySeed !== false) {
        this.verifySeedAtOpen();
        this.reencryptLegacyValues();
      }
      restrictDatabaseFiles(options.databasePath);
    } catch (error) {
      this.db.close();
      throw asStoreError(error);
    }
  }

  /** The cipher of the seed that decrypts the store now (it follows a replaced configuration). */
  cipher(): SeedCipher {
    return this.live.cipher();
  }

  /** The seed in use (what a save with "Export Password Secret Seed" writes). */
  get seed(): Buffer {
    this.live.cipher();
    return this.live.seed;
  }

  /**
   * Runs `work` as one IMMEDIATE transaction: the write lock is taken before the first read,
   * so a read-modify-write cannot interleave with another process's (a deferred transaction
   * that reads and then writes fails with SQLITE_BUSY instead of waiting). Inside, the seed
   * is checked against the store, so nothing is written with a seed that was replaced.
   * Nested calls join the outer transaction. A write that grows a table beyond the store's
   * capacity (capacity.ts) is refused and rolled back.
   */
  write<T>(work: () => T): T {
    if (this.db.inTransaction) return work();
    try {
      return this.db
        .transaction(() => {
          this.live.followNow();
          const before = rowCounts(this.db);
          const result = work();
          checkRowsAfterWrite(before, rowCounts(this.db));
          return result;
        })
        .immediate();
    } catch (error) {
      throw asStoreError(error);
    }
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
    return check === undefined || this.live.cipher().matchesCheck(check);
  }

  /** This process replaced the configuration and its seed (an upload): use the new seed. */
  adoptSeed(seed: Uint8Array): void {
    this.live.adopt(seed);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * A stored check value must decrypt. Without one (a new store, or a lost row), the seed is
   * adopted only if it reads the secrets the store already holds: a wrong seed must never
   * become the one the store is checked against.
   */
  private verifySeedAtOpen(): void {
    const check = this.settings.get(SETTING_SEED_CHECK);
    const cipher = this.live.cipher();
    if (check !== undefined) {
      if (!cipher.matchesCheck(check)) {
        throw new SeedMismatchError(
          'The secret seed (pwenc_secret) does not match this configuration database: its secrets cannot be read. Restore the right pwenc_secret, or upload a configuration saved with its seed.',
          { reason: 'seed-mismatch' },
        );
      }
      this.live.matched(check);
      return;
    }
    const values = this.encryptedValues();
    const reader = cipher.withLegacyReading();
    if (values.length > 0 && !values.some((value) => reader.tryDecrypt(value) !== undefined)) {
      throw new SeedMismatchError(
        'The secret seed (pwenc_secret) decrypts none of the secrets in this configuration database, which has lost its check value. Restore the right pwenc_secret, or upload a configuration saved with its seed.',
        { reason: 'seed-mismatch' },
      );
    }
    this.write(() => {
      if (this.settings.get(SETTING_SEED_CHECK) !== undefined) return; // another process got there first
      const written = cipher.encrypt(SEED_CHECK_PLAINTEXT);
      this.settings.set(SETTING_SEED_CHECK, written);
      this.live.matched(written);
    });
  }

  /**
   * TrueNAS's legacy values (AES-CTR) carry no authentication: a flipped bit reads as a
   * plausible wrong password. Each one still in the store is re-encrypted in the authenticated
   * format; one that does not decrypt is left for `damagedSecrets` to name.
   */
  private reencryptLegacyValues(): void {
    const legacy = (table: string, column: string) => `SELECT count(*) AS n FROM ${table} WHERE ${column} NOT LIKE '$nc1$%'`;
    const pending = ENCRYPTED_COLUMNS.some(({ table, column }) => (this.db.prepare(legacy(table, column)).get() as { n: number }).n > 0);
    if (!pending) return;
    this.write(() => {
      const cipher = this.live.cipher();
      const reader = cipher.withLegacyReading();
      for (const { table, key, column } of ENCRYPTED_COLUMNS) {
        const rows = this.db.prepare(`SELECT ${key} AS key, ${column} AS value FROM ${table}`).all() as { key: string | number; value: string }[];
        const update = this.db.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${key} = ?`);
        for (const row of rows) {
          if (isAuthenticated(row.value)) continue;
          const plain = reader.tryDecrypt(row.value);
          if (plain !== undefined) update.run(cipher.encrypt(plain), row.key);
        }
      }
    });
  }

  private encryptedValues(): string[] {
    return ENCRYPTED_COLUMNS.flatMap(({ table, column }) => (this.db.prepare(`SELECT ${column} AS value FROM ${table}`).all() as { value: string }[]).map((row) => row.value));
  }
}

/** SQLite's own failures, as a user would want to read them (a failed write changed nothing). */
export function asStoreError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED') {
    return new UserError(`The configuration store is busy: another nasconsole process held it for more than ${BUSY_TIMEOUT_MS / 1000} seconds. Nothing was changed; try again.`);
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
    return new UserError('The configuration store cannot be written: check the data dir\'s owner and permissions.');
  }
  if (code === 'SQLITE_FULL') return storeFullError();
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new UserError('The configuration store is damaged (SQLite reports corruption): upload a saved configuration or a backup.');
  }
  return error;
}

/** SQLite creates files with the umask's mode; the database and its WAL hold secrets. */
function restrictDatabaseFiles(databasePath: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(databasePath + suffix)) chmodSync(databasePath + suffix, 0o600);
  }
}
