import type { Store } from '../store/index.js';

/**
 * The rows of backup_destinations and backup_recipients (migration 2), read and written here
 * only. The rules (names, paths, which credential, what deleting one does) live in
 * destinations.ts and recipients.ts.
 */

/** The last push to a destination: when, OK or the error line, and what was pushed. */
export interface LastPush {
  ok: boolean;
  /** OK: what was pushed; failed: the error line (no secret, printable). */
  message: string | null;
  at: string;
  /** The remote name of the file pushed (set on success). */
  file: string | null;
}

export interface DestinationRow {
  id: number;
  name: string;
  cloudCredentialId: number | null;
  sshConnectionId: number | null;
  /** The name of the credential or connection it uses. */
  viaName: string;
  path: string;
  keep: number;
  lastPush: LastPush | null;
  /** sha256 of the local backup last pushed here successfully: a newer one is still to push. */
  pushedSha256: string | null;
}

interface Row {
  id: number;
  name: string;
  cloud_credential_id: number | null;
  ssh_connection_id: number | null;
  via_name: string | null;
  path: string;
  keep: number;
  last_ok: number | null;
  last_message: string | null;
  last_at: string | null;
  last_file: string | null;
  pushed_sha256: string | null;
}

const SELECT = `
  SELECT d.id, d.name, d.cloud_credential_id, d.ssh_connection_id, COALESCE(c.name, k.name) AS via_name,
         d.path, d.keep, d.last_ok, d.last_message, d.last_at, d.last_file, d.pushed_sha256
  FROM backup_destinations d
  LEFT JOIN cloud_credentials c ON c.id = d.cloud_credential_id
  LEFT JOIN keychain_credentials k ON k.id = d.ssh_connection_id`;

function fromRow(row: Row): DestinationRow {
  return {
    id: row.id,
    name: row.name,
    cloudCredentialId: row.cloud_credential_id,
    sshConnectionId: row.ssh_connection_id,
    viaName: row.via_name ?? '',
    path: row.path,
    keep: row.keep,
    lastPush: row.last_at ? { ok: row.last_ok === 1, message: row.last_message, at: row.last_at, file: row.last_file } : null,
    pushedSha256: row.pushed_sha256,
  };
}

export function selectDestinations(store: Store): DestinationRow[] {
  return (store.db.prepare(`${SELECT} ORDER BY d.name COLLATE NOCASE`).all() as Row[]).map(fromRow);
}

export function selectDestination(store: Store, name: string): DestinationRow | undefined {
  const row = store.db.prepare(`${SELECT} WHERE d.name = ?`).get(name) as Row | undefined;
  return row ? fromRow(row) : undefined;
}

export function selectDestinationById(store: Store, id: number): DestinationRow | undefined {
  const row = store.db.prepare(`${SELECT} WHERE d.id = ?`).get(id) as Row | undefined;
  return row ? fromRow(row) : undefined;
}

/** The names of the destinations that use this cloud credential or SSH connection. */
export function destinationsUsing(store: Store, via: { cloudCredentialId: number } | { sshConnectionId: number }): string[] {
  const [column, id] = 'cloudCredentialId' in via ? ['cloud_credential_id', via.cloudCredentialId] : ['ssh_connection_id', via.sshConnectionId];
  const rows = store.db.prepare(`SELECT name FROM backup_destinations WHERE ${column} = ? ORDER BY name COLLATE NOCASE`).all(id) as { name: string }[];
  return rows.map((row) => row.name);
}

export function insertDestination(store: Store, input: { name: string; cloudCredentialId: number | null; sshConnectionId: number | null; path: string; keep: number }): number {
  const result = store.db
    .prepare('INSERT INTO backup_destinations (name, cloud_credential_id, ssh_connection_id, path, keep, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(input.name, input.cloudCredentialId, input.sshConnectionId, input.path, input.keep, new Date().toISOString());
  return Number(result.lastInsertRowid);
}

export function deleteDestinationRow(store: Store, id: number): void {
  store.db.prepare('DELETE FROM backup_destinations WHERE id = ?').run(id);
}

/** Records a push attempt; a successful one also remembers which local backup it was. */
export function recordPush(store: Store, id: number, result: { ok: true; message: string; file: string; sourceSha256: string | null } | { ok: false; message: string }): void {
  const at = new Date().toISOString();
  if (result.ok) {
    store.db
      .prepare('UPDATE backup_destinations SET last_ok = 1, last_message = ?, last_at = ?, last_file = ?, pushed_sha256 = COALESCE(?, pushed_sha256) WHERE id = ?')
      .run(result.message, at, result.file, result.sourceSha256, id);
  } else {
    store.db.prepare('UPDATE backup_destinations SET last_ok = 0, last_message = ?, last_at = ? WHERE id = ?').run(result.message, at, id);
  }
}

export interface RecipientRow {
  id: number;
  recipient: string;
  label: string | null;
  createdAt: string;
}

export function selectRecipients(store: Store): RecipientRow[] {
  return store.db.prepare('SELECT id, recipient, label, created_at AS createdAt FROM backup_recipients ORDER BY id').all() as RecipientRow[];
}

export function selectRecipient(store: Store, recipient: string): RecipientRow | undefined {
  return store.db.prepare('SELECT id, recipient, label, created_at AS createdAt FROM backup_recipients WHERE recipient = ?').get(recipient) as RecipientRow | undefined;
}

export function insertRecipient(store: Store, recipient: string, label: string | null): number {
  const result = store.db.prepare('INSERT INTO backup_recipients (recipient, label, created_at) VALUES (?, ?, ?)').run(recipient, label, new Date().toISOString());
  return Number(result.lastInsertRowid);
}

export function deleteRecipientRow(store: Store, id: number): void {
  store.db.prepare('DELETE FROM backup_recipients WHERE id = ?').run(id);
}
