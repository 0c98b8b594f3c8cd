import type { Database } from 'better-sqlite3';
import { UserError } from '../../common/errors.js';

/**
 * Schema versions, in order; PRAGMA user_version holds how many have been applied.
 * Append only: a released migration is never edited.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE cloud_credentials (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE,
    provider          TEXT NOT NULL,
    attributes        TEXT NOT NULL,            -- JSON object, encrypted with the seed cipher
    public_attributes TEXT NOT NULL DEFAULT '{}', -- the non-secret fields in clear: they survive a lost seed
    check_ok          INTEGER,                  -- last verify: 1 valid, 0 invalid, NULL never
    check_message     TEXT,
    checked_at        TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
  );
  CREATE TABLE keychain_credentials (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE,
    type              TEXT NOT NULL CHECK (type IN ('SSH_KEY_PAIR', 'SSH_CREDENTIALS')),
    attributes        TEXT NOT NULL,
    public_attributes TEXT NOT NULL DEFAULT '{}',
    check_ok          INTEGER,                  -- last connection test
    check_message     TEXT,
    checked_at        TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
  );
  CREATE TABLE pool_keys (
    dataset        TEXT PRIMARY KEY,
    encryption_key TEXT NOT NULL               -- hex key, encrypted with the seed cipher
  );
  CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    action TEXT NOT NULL,
    kind   TEXT NOT NULL,
    record TEXT,
    detail TEXT                                -- never a secret value
  );
  `,
  // 2: off-box backups. A destination names exactly one stored cloud credential or SSH
  // connection; deleting a credential a destination uses is refused by the foreign key (NO
  // ACTION, not RESTRICT: a transaction that replaces the whole content may defer the check to
  // its commit), as deleting a keypair in use is refused. Recipients are age X25519 public
  // keys: nothing secret is stored here.
  `
  CREATE TABLE backup_destinations (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL UNIQUE,
    cloud_credential_id  INTEGER REFERENCES cloud_credentials(id),
    ssh_connection_id    INTEGER REFERENCES keychain_credentials(id),
    path                 TEXT NOT NULL CHECK (length(path) BETWEEN 1 AND 1024),
    keep                 INTEGER NOT NULL CHECK (keep BETWEEN 1 AND 3650),
    last_ok              INTEGER CHECK (last_ok IN (0, 1)), -- last push: 1 OK, 0 failed, NULL never
    last_message         TEXT,                              -- the error line, or what was pushed
    last_at              TEXT,
    last_file            TEXT,                              -- remote name of the last file pushed
    pushed_sha256        TEXT,                              -- sha256 of the local backup last pushed OK
    created_at           TEXT NOT NULL,
    CHECK ((cloud_credential_id IS NULL) <> (ssh_connection_id IS NULL)),
    CHECK (ssh_connection_id IS NULL OR substr(path, 1, 1) = '/')
  );
  CREATE INDEX backup_destinations_cloud ON backup_destinations(cloud_credential_id);
  CREATE INDEX backup_destinations_ssh ON backup_destinations(ssh_connection_id);
  -- keychain_credentials holds keypairs too: an SSH destination must name a connection.
  CREATE TRIGGER backup_destinations_ssh_insert BEFORE INSERT ON backup_destinations
    WHEN NEW.ssh_connection_id IS NOT NULL
     AND (SELECT type FROM keychain_credentials WHERE id = NEW.ssh_connection_id) IS NOT 'SSH_CREDENTIALS'
  BEGIN SELECT RAISE(ABORT, 'backup destination: ssh_connection_id must name an SSH connection'); END;
  CREATE TRIGGER backup_destinations_ssh_update BEFORE UPDATE OF ssh_connection_id ON backup_destinations
    WHEN NEW.ssh_connection_id IS NOT NULL
     AND (SELECT type FROM keychain_credentials WHERE id = NEW.ssh_connection_id) IS NOT 'SSH_CREDENTIALS'
  BEGIN SELECT RAISE(ABORT, 'backup destination: ssh_connection_id must name an SSH connection'); END;
  CREATE TABLE backup_recipients (
    id         INTEGER PRIMARY KEY,
    recipient  TEXT NOT NULL UNIQUE CHECK (recipient GLOB 'age1*' AND length(recipient) = 62),
    label      TEXT,
    created_at TEXT NOT NULL
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersionOf(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings `db` to the current schema; refuses a database written by a newer nasconsole. */
export function migrate(db: Database): void {
  const current = schemaVersionOf(db);
  if (current > SCHEMA_VERSION) {
    throw new UserError(
      `This configuration database has schema version ${current}, newer than this nasconsole supports (${SCHEMA_VERSION}): upgrade nasconsole.`,
    );
  }
  if (current === SCHEMA_VERSION) return;
  // IMMEDIATE, and the version read again inside: two processes opening a new store at once
  // must not both run the same migration.
  db.transaction(() => {
    const start = schemaVersionOf(db);
    for (let version = start; version < SCHEMA_VERSION; version++) db.exec(MIGRATIONS[version]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
