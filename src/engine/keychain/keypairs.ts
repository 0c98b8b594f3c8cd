import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../../common/errors.js';
import type { Cancellable } from '../abortable.js';
import { printable, quoted } from '../../common/printable.js';
import { refuseIfUsedByDestinations } from '../offsite/inUse.js';
import { writeFileAtomic } from '../fsSafe.js';
import {
  authorizedKeysLine,
  describeKey,
  exportPrivateKey,
  generateKeypair,
  importKeypair,
  isPassphraseProtected,
  type GenerateKeypairOptions,
  type ImportKeypairInput,
  type Keypair,
  type PrivateKeyExportFormat,
} from '../ssh/index.js';
import type { Store } from '../store/index.js';
import type { StoredRecord } from '../store/encryptedRecords.js';
import { checkNewKeychainName, getKeychainRecord, nameList, refOf, SFTP_PROVIDER, SSH_CREDENTIALS, SSH_KEY_PAIR, type RecordRef } from './records.js';

/**
 * SSH keypairs in the keychain: what the `keypair` commands and the SSH Keypairs screen do.
 * A keypair is a record of type SSH_KEY_PAIR with attributes {private_key, public_key}; the
 * private key is stored unencrypted (OpenSSH format) inside the seed-encrypted attributes.
 */

/** What a list shows; read from the public key alone, so nothing is decrypted. */
export interface KeypairSummary {
  id: number;
  name: string;
  /** ED25519, RSA, ECDSA as `ssh-keygen -l` names them; '?' when the public key is unreadable. */
  keyType: string;
  bits: number | null;
  comment: string;
  /** `SHA256:...` as `ssh-keygen -l` prints it. */
  fingerprint: string | null;
}

export interface KeypairUsers {
  connections: RecordRef[];
  cloudCredentials: RecordRef[];
}

export interface KeypairDetails extends KeypairSummary {
  publicKey: string;
  usedBy: KeypairUsers;
}

export type KeypairExportFormat = PrivateKeyExportFormat | 'public';

export interface KeypairDeletion {
  name: string;
  connectionsDeleted: string[];
}

export function listKeypairs(store: Store): KeypairSummary[] {
  return store.keychain.list(SSH_KEY_PAIR).map((record) => summarize(record.id, record.name, record.publicAttributes.public_key));
}

export function keypairDetails(store: Store, nameOrId: string | number): KeypairDetails {
  const record = getKeychainRecord(store, nameOrId, SSH_KEY_PAIR);
  const publicKey = storedPublicKey(record);
  return { ...summarize(record.id, record.name, publicKey), publicKey, usedBy: keypairUsers(store, record.id) };
}

/**
 * Generates a keypair off the event loop and stores it. The name is checked before the work.
 * Aborting `signal` drops the key being made: nothing is stored (CancelledError).
 */
export async function generateKeypairRecord(store: Store, name: string, options: GenerateKeypairOptions & Cancellable = {}): Promise<KeypairDetails> {
  const clean = checkNewKeychainName(store, name, 'SSH keypair');
  const keypair = await generateKeypair(options);
  return storeKeypair(store, clean, keypair);
}

/** Imports a private key (and optional matching public key), decrypted with `passphrase` if protected. */
export async function importKeypairRecord(store: Store, name: string, input: ImportKeypairInput): Promise<KeypairDetails> {
  const clean = checkNewKeychainName(store, name, 'SSH keypair');
  if (!input.privateKey.trim()) throw new UserError('Give the private key to import.', 2);
  const keypair = await importKeypair(input);
  return storeKeypair(store, clean, keypair);
}

export function storeKeypair(store: Store, name: string, keypair: Keypair): KeypairDetails {
  const record = store.keychain.create(name, SSH_KEY_PAIR, { private_key: keypair.privateKey, public_key: keypair.publicKey });
  return keypairDetails(store, record.id);
}

/** Whether a private key text is protected by a passphrase: the screen then asks for one. */
export const privateKeyNeedsPassphrase = isPassphraseProtected;

export function renameKeypair(store: Store, nameOrId: string | number, newName: string): KeypairDetails {
  return store.write(() => {
    const record = getKeychainRecord(store, nameOrId, SSH_KEY_PAIR);
    if (newName.trim() !== record.name) checkNewKeychainName(store, newName, 'SSH keypair');
    store.keychain.update(record.id, { name: newName });
    return keypairDetails(store, record.id);
  });
}

/** The public key as one authorized_keys line (a public key is not a secret). */
export function keypairPublicKeyLine(store: Store, nameOrId: string | number): string {
  return authorizedKeysLine(storedPublicKey(getKeychainRecord(store, nameOrId, SSH_KEY_PAIR)));
}

/**
 * Writes the public key line or the private key (OpenSSH or PEM) to a new file, atomically.
 * A private key file is 0600; nothing is overwritten, so a slip cannot replace ~/.ssh/id_*.
 */
export function exportKeypairToFile(store: Store, nameOrId: string | number, path: string, format: KeypairExportFormat): { path: string; format: KeypairExportFormat; mode: number } {
  if (!['openssh', 'pem', 'public'].includes(format)) throw new UserError(`Unknown export format ${String(format)}: use openssh, pem or public`, 2);
  if (!path.trim()) throw new UserError('Give the path of the file to write.', 2);
  const target = resolve(path.trim());
  if (existsSync(target)) throw new UserError(`${target} already exists: choose a new file name (nothing is overwritten).`);
  const dir = dirname(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`The directory ${dir} does not exist.`);
  const record = getKeychainRecord(store, nameOrId, SSH_KEY_PAIR);
  const mode = format === 'public' ? 0o644 : 0o600;
  // An Ed25519 key asked for as PEM is written in OpenSSH format, as ssh-keygen does (see exportPrivateKey).
  const written = format === 'public' ? { text: `${authorizedKeysLine(storedPublicKey(record))}\n`, format } : exportPrivateKey(storedPrivateKey(record), format);
  try {
    writeFileAtomic(target, written.text, { mode, existing: 'refuse' });
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`Cannot write ${printable(target)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
  // A private key leaving the store is worth a trace: where it went, never what it was.
  if (format !== 'public') store.audit.record('export', 'SSH keypair private key', record.name, `${written.format} to ${target}`);
  return { path: target, format: written.format, mode };
}

/** The SSH connections and SFTP cloud credentials whose `private_key` is this keypair's id. */
export function keypairUsers(store: Store, keypairId: number): KeypairUsers {
  const connections = store.keychain.list(SSH_CREDENTIALS).filter((record) => Number(record.publicAttributes.private_key) === keypairId).map(refOf);
  const cloudCredentials = store.cloudCredentials
    .list(SFTP_PROVIDER)
    .filter((summary) => {
      // The keypair id is public under the providers' policy; another policy may keep it secret.
      if ('private_key' in summary.publicAttributes) return Number(summary.publicAttributes.private_key) === keypairId;
      try {
        return Number(store.cloudCredentials.get(summary.id).attributes.private_key) === keypairId;
      } catch {
        return false;
      }
    })
    .map(refOf);
  return { connections, cloudCredentials };
}

/** What deleting a keypair would do: the connections that go with it (cascade) and what blocks it. */
export interface KeypairDeletionPlan {
  keypair: RecordRef;
  connections: RecordRef[];
  /** SFTP cloud credentials: they block the delete, with or without cascade. */
  cloudCredentials: RecordRef[];
}

export function planKeypairDeletion(store: Store, nameOrId: string | number): KeypairDeletionPlan {
  const record = getKeychainRecord(store, nameOrId, SSH_KEY_PAIR);
  return { keypair: refOf(record), ...keypairUsers(store, record.id) };
}

/** Why the plan cannot go ahead (with or without cascade), or undefined when it can. */
export function keypairDeletionRefusal(plan: KeypairDeletionPlan, cascade: boolean): string | undefined {
  const label = JSON.stringify(plan.keypair.name);
  if (plan.cloudCredentials.length) {
    const connections = plan.connections.length ? ` and SSH connection(s) ${nameList(plan.connections)}` : '';
    return (
      `Keypair ${label} is used by SFTP cloud credential(s) ${nameList(plan.cloudCredentials)}${connections}: ` +
      `change or delete the cloud credential(s) first${cascade ? ' (cascade deletes SSH connections only)' : ''}.`
    );
  }
  if (plan.connections.length && !cascade) {
    return `Keypair ${label} is used by SSH connection(s) ${nameList(plan.connections)}: delete them first, or delete with cascade to delete them too.`;
  }
  return undefined;
}

/**
 * Deletes a keypair that nothing uses. With `cascade`, the SSH connections that use it go
 * too, in the same transaction; SFTP cloud credentials always block (they are another
 * screen's records, and deleting a backup destination as a side effect would be a surprise).
 */
export function deleteKeypair(store: Store, nameOrId: string | number, options: { cascade?: boolean } = {}): KeypairDeletion {
  return store.write((): KeypairDeletion => {
    const plan = planKeypairDeletion(store, nameOrId);
    const refusal = keypairDeletionRefusal(plan, Boolean(options.cascade));
    if (refusal) throw new UserError(refusal);
    for (const connection of plan.connections) {
      refuseIfUsedByDestinations(store, { sshConnectionId: connection.id }, `Keypair ${quoted(plan.keypair.name)} is used by SSH connection ${quoted(connection.name)}, which`);
      store.keychain.remove(connection.id);
    }
    store.keychain.remove(plan.keypair.id);
    return { name: plan.keypair.name, connectionsDeleted: plan.connections.map((connection) => connection.name) };
  });
}

/**
 * The stored keypair that holds the key with this fingerprint (`SHA256:...`), if any: an import
 * that brings a key the store already has links to that keypair instead of adding a copy.
 */
export function findKeypairByFingerprint(store: Store, fingerprint: string): RecordRef | undefined {
  for (const record of store.keychain.decryptAll(SSH_KEY_PAIR)) {
    const { public_key: publicKey, private_key: privateKey } = record.attributes;
    const text = typeof publicKey === 'string' && publicKey.trim() ? publicKey : privateKey;
    try {
      if (typeof text === 'string' && describeKey(text).fingerprint === fingerprint) return refOf(record);
    } catch {
      // a record whose key cannot be read holds no key to match
    }
  }
  return undefined;
}

/** The stored private key; for the exchanger (connections) and exports only, never for display. */
export function storedPrivateKey(record: StoredRecord): string {
  const value = record.attributes.private_key;
  if (typeof value !== 'string' || !value.trim()) throw new UserError(`Keypair ${JSON.stringify(record.name)} has no private key (was it uploaded without its secret seed?).`);
  return value;
}

function storedPublicKey(record: StoredRecord): string {
  const value = record.attributes.public_key ?? record.publicAttributes.public_key;
  if (typeof value === 'string' && value.trim()) return value.trim();
  // An imported record may lack the public key: derive it from the private one.
  return describeKey(storedPrivateKey(record)).publicKey;
}

function summarize(id: number, name: string, publicKey: unknown): KeypairSummary {
  try {
    const description = describeKey(String(publicKey ?? ''));
    return { id, name, keyType: description.type, bits: description.bits, comment: description.comment, fingerprint: description.fingerprint };
  } catch {
    return { id, name, keyType: '?', bits: null, comment: '', fingerprint: null };
  }
}
