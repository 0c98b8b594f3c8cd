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
