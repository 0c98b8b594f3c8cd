import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createBackup, type BackupEntry } from '../backups.js';
import type { DataPaths } from '../dataDir.js';
import { fsyncDir, writeFileAtomic } from '../fsSafe.js';
import { SEED_CHECK_PLAINTEXT, SeedCipher } from '../seedCipher.js';
import { applyStoreCapacity } from '../store/capacity.js';
import { readSeed } from '../store/secretSeed.js';
import { splitPublicAttributes, type RecordKind, type SecretPolicy } from '../store/secretPolicy.js';
import { SETTING_GENERATION, SETTING_SEED_CHECK } from '../store/settings.js';
import { asStoreError, BUSY_TIMEOUT_MS, type Store } from '../store/store.js';
import type { PlannedRecord, ReplacementPlan } from './plan.js';

export interface SwapOptions {
  /** The incoming seed (the archive's), when it carries one; else the seed in use stays. */
  seed?: Buffer;
  policy: SecretPolicy;
  /** For the audit log: what was uploaded. */
  source: string;
}

export interface SwapResult {
  backup: BackupEntry;
  seedReplaced: boolean;
}

/**
 * Replaces the live configuration with a checked plan, in place: the same database file, so a
 * console or a command open in another process sees the new configuration instead of writing
 * into a replaced file. One critical section under SQLite's write lock, held on a connection
 * of its own: other writers wait (busy timeout) until it is over, so each of their writes is
 * either in the pre-upload backup or in the new configuration, never lost between the two.
 *
 * The seed travels beside the database: it is written as the pending seed before the commit
 * and renamed into place after it. Killed in between, the next start finishes the rename
 * (the pending seed is the one the committed check value matches).
 */
export async function replaceConfiguration(store: Store, paths: DataPaths, plan: ReplacementPlan, options: SwapOptions): Promise<SwapResult> {
  const seed = options.seed ?? store.seed;
  const seedReplaced = !seed.equals(store.seed);
  const lock = openLockConnection(paths.database);
  let committed = false;
  try {
    lock.exec('BEGIN IMMEDIATE');
    // Read through the store's own connection: the lock holder has written nothing yet, so
    // this is exactly the configuration being replaced.
    const backup = await createBackup(store, paths, 'pre-upload', new Date(), undefined, { seedUnverified: !store.seedMatches() });
    if (seedReplaced) writeFileAtomic(paths.pendingSecret, seed, 0o600);
    writePlan(lock, plan, new SeedCipher(seed, { readLegacy: false }), options.policy, `${options.source}; previous configuration saved as ${backup.name}`);
    lock.exec('COMMIT');
    committed = true;
    if (seedReplaced) installPendingSeed(paths, seed);
    store.adoptSeed(seed);
    return { backup, seedReplaced };
  } catch (error) {
    if (lock.inTransaction) lock.exec('ROLLBACK');
    if (!committed && seedReplaced) rmSync(paths.pendingSecret, { force: true });
    throw asStoreError(error);
  } finally {
    lock.close();
  }
}

function openLockConnection(path: string): Database.Database {
  const lock = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  lock.pragma('foreign_keys = ON');
  lock.pragma('trusted_schema = OFF');
  lock.pragma('secure_delete = ON'); // the replaced secrets are zeroed, not left in free pages
  applyStoreCapacity(lock); // an upload fills the store within the capacity every other write keeps
  return lock;
}

const RECORD_TABLES: { table: string; typeColumn: string; kind: RecordKind; records: (plan: ReplacementPlan) => PlannedRecord[] }[] = [
  { table: 'keychain_credentials', typeColumn: 'type', kind: 'keychain', records: (plan) => plan.keychain },
  { table: 'cloud_credentials', typeColumn: 'provider', kind: 'cloud', records: (plan) => plan.cloud },
];

/**
 * Everything the configuration holds is replaced (destinations first: they name credentials);
 * the audit log is this machine's and stays.
 */
function writePlan(db: Database.Database, plan: ReplacementPlan, cipher: SeedCipher, policy: SecretPolicy, auditDetail: string): void {
  const now = new Date().toISOString();
  db.exec('DELETE FROM backup_destinations; DELETE FROM backup_recipients; DELETE FROM cloud_credentials; DELETE FROM keychain_credentials; DELETE FROM pool_keys; DELETE FROM settings;');
  for (const spec of RECORD_TABLES) {
    const insert = db.prepare(
      `INSERT INTO ${spec.table} (id, name, ${spec.typeColumn}, attributes, public_attributes, check_ok, check_message, checked_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const record of spec.records(plan)) {
      const visible = splitPublicAttributes(policy, spec.kind, record.type, record.attributes);
      const check = record.check;
      insert.run(record.id, record.name, record.type, record.encrypted ?? cipher.encrypt(JSON.stringify(record.attributes)), JSON.stringify(visible), check ? (check.ok ? 1 : 0) : null, check?.message ?? null, check?.at ?? null, now, now);
    }
  }
  const insertKey = db.prepare('INSERT INTO pool_keys (dataset, encryption_key) VALUES (?, ?)');
  for (const { dataset, key } of plan.poolKeys) insertKey.run(dataset, cipher.encrypt(key));
  const destination = db.prepare(
    'INSERT INTO backup_destinations (name, cloud_credential_id, ssh_connection_id, path, keep, last_ok, last_message, last_at, last_file, pushed_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const row of plan.destinations) {
    const last = row.lastPush;
    destination.run(row.name, row.cloudCredentialId, row.sshConnectionId, row.path, row.keep, last ? (last.ok ? 1 : 0) : null, last?.message ?? null, last?.at ?? null, last?.file ?? null, row.pushedSha256, row.createdAt ?? now);
  }
  const recipient = db.prepare('INSERT INTO backup_recipients (recipient, label, created_at) VALUES (?, ?, ?)');
  for (const row of plan.recipients) recipient.run(row.recipient, row.label, row.createdAt ?? now);
  const setting = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  for (const [key, value] of Object.entries(plan.settings)) setting.run(key, value);
  setting.run(SETTING_SEED_CHECK, cipher.encrypt(SEED_CHECK_PLAINTEXT));
  setting.run(SETTING_GENERATION, randomBytes(16).toString('hex'));
  db.prepare('INSERT INTO audit_log (at, action, kind, record, detail) VALUES (?, ?, ?, ?, ?)').run(now, 'upload', 'configuration', null, auditDetail.slice(0, 500));
}

/**
 * The committed database now needs the new seed. Another process opening the store may have
 * finished the rename already (it saw the pending seed match); then the seed must be there.
 */
function installPendingSeed(paths: DataPaths, seed: Buffer): void {
  try {
    renameSync(paths.pendingSecret, paths.secret);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (!existsSync(paths.secret) || !readSeed(paths.secret).equals(seed)) writeFileAtomic(paths.secret, seed, 0o600);
  }
  fsyncDir(paths.dir);
}

