import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import { INPUT_LIMITS, readBoundedFile } from '../boundedInput.js';
import { writeFileAtomic } from '../fsSafe.js';
import { findKeypairByFingerprint } from '../keychain/keypairs.js';
import { decryptRcloneConf, encryptRcloneConf, exportRcloneConf, isEncryptedRcloneConf, parseRcloneConf, type ImportedCredential } from '../rclone/index.js';
import { describeKey, importKeypair, type Keypair } from '../ssh/index.js';
import type { Store } from '../store/index.js';
import { validateRecordName } from '../store/encryptedRecords.js';
import { findProvider, normalizeAttributes, withDefaults } from '../../providers/index.js';
import { keypairResolver, storeCredentialKeypair } from './credentialKeypairs.js';

export interface RcloneExportOptions {
  /** Credential names to export, in this order; all (by name) when absent or empty. */
  names?: readonly string[];
  /** Write here (mode 0600, atomically); otherwise only return the text. */
  to?: string;
  /** Replace an existing file at `to`; without it an existing file is refused. */
  force?: boolean;
  /** Encrypt the file with this rclone config password, as rclone does (RCLONE_ENCRYPT_V0). */
  password?: string;
}

export interface RcloneExport {
  text: string;
  names: string[];
  /** The file written, when `to` was given. */
  path: string | null;
  encrypted: boolean;
}

/**
 * An rclone.conf of the chosen (or all) credentials that rclone uses as it is: one section
 * per credential, named after it, passwords obscured, SFTP keys inline, the extra options of
 * imported remotes written back; encrypted with the rclone config password when one is given.
 * Written 0600; an existing file is replaced only with `force`, a link or device never.
 */
export function exportCloudCredentialsToRclone(store: Store, options: RcloneExportOptions = {}): RcloneExport {
  const wanted = options.names?.length ? options.names : undefined;
  let records;
  if (wanted) {
    const missing = wanted.filter((name) => !store.cloudCredentials.find(name));
    if (missing.length) throw new UserError(`No cloud credential named ${missing.map((name) => printable(JSON.stringify(name))).join(', ')}.`);
    records = [...new Set(wanted)].map((name) => store.cloudCredentials.get(name));
  } else {
    records = store.cloudCredentials.decryptAll().sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.name.localeCompare(b.name));
  }
  const credentials = records.map((record) => ({ name: record.name, provider: record.type, attributes: record.attributes }));
  const plain = exportRcloneConf(credentials, keypairResolver(store));
  const text = options.password === undefined ? plain : encryptRcloneConf(plain, options.password);
  let path: string | null = null;
  if (options.to !== undefined) {
    path = resolve(options.to);
    try {
      writeFileAtomic(path, text, { mode: 0o600, existing: options.force ? 'replace' : 'refuse' });
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(`Cannot write ${printable(path)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
    }
  }
  const how = options.password === undefined ? '' : ', encrypted';
  store.audit.record('export', 'rclone.conf', path ?? '(standard output)', `${credentials.length} cloud credential(s)${how}`);
  return { text, names: credentials.map((credential) => credential.name), path, encrypted: options.password !== undefined };
}

/** Why a remote whose name is taken was skipped (importing it renamed is the caller's offer). */
export const NAME_TAKEN = 'a cloud credential with this name already exists';

export interface RcloneImportOptions {
  /** On a name that already exists: false = skip and report, true = import as name-2, name-3... */
  rename?: boolean;
  /** Read the key files the rclone.conf names on this machine (SFTP key_file). */
  allowKeyFiles?: boolean;
}

export interface RcloneImportReport {
  imported: Array<{
    name: string;
    /** The section's name in the file (differs when renamed). */
    from: string;
    provider: string;
    /** SFTP: the keypair its key became, or the stored one holding the same key. */
    keypair: string | null;
    /** rclone options no field holds that the backend uses: kept and written back on export. */
    keptOptions: string[];
    /** rclone options that have no attribute here and were dropped. */
    ignoredOptions: string[];
    notes: string[];
  }>;
  skipped: Array<{ name: string; reason: string }>;
}

/**
 * Refused: the rclone.conf names key files on this machine, and reading them was not allowed.
 * A file from elsewhere must not make us read (and store, and offer to its server) a local key
 * unasked. `paths` are as the file names them.
 */
export class KeyFilesNamedError extends UserError {
  constructor(readonly paths: readonly string[]) {
    super(`This rclone.conf names key files on this machine: ${paths.map((path) => printable(path)).join(', ')}.`, { reason: 'key-files-named' });
    this.name = 'KeyFilesNamedError';
  }
}

/** The text of rclone.conf bytes: refused when not text; an encrypted one decrypted with `password`. */
export function rcloneConfText(bytes: Buffer, password?: string): string {
  const text = plainText(bytes);
  return isEncryptedRcloneConf(text) ? plainText(Buffer.from(decryptRcloneConf(text, password))) : text;
}

function plainText(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (bytes.includes(0) || text.includes('\uFFFD')) throw new UserError('This is not an rclone.conf: it is not text.');
  return text;
}

/** Reads an rclone.conf from a path (a regular file, at most INPUT_LIMITS.rcloneConf). */
export function readRcloneConfFile(path: string, password?: string): string {
  return rcloneConfText(readBoundedFile(path, INPUT_LIMITS.rcloneConf), password);
}

interface PreparedImport {
  credential: ImportedCredential;
  keypair?: Keypair;
}

/**
 * Brings the remotes of a (decrypted) rclone.conf in as cloud credentials: backends mapped to
 * providers, SFTP keys stored as keypairs (decrypted with key_file_pass; a key the store already
 * holds is linked, not copied). What cannot be mapped is skipped and listed; a name already used
 * is skipped, or with `rename` imported as name-2, name-3... Key files named in the file are read
 * only with `allowKeyFiles`. Everything is read and checked first, then written in one
 * transaction: an unreadable file writes nothing.
 */
export async function importRcloneConf(store: Store, text: string, options: RcloneImportOptions = {}): Promise<RcloneImportReport> {
  const parsed = parseRcloneConf(text);
  const report: RcloneImportReport = { imported: [], skipped: [...parsed.skipped] };

  const keyFiles = parsed.credentials.flatMap((credential) => (credential.privateKey && 'file' in credential.privateKey ? [credential.privateKey.file] : []));
  if (keyFiles.length > 0 && !options.allowKeyFiles) throw new KeyFilesNamedError([...new Set(keyFiles)]);

  const prepared: PreparedImport[] = [];
  for (const credential of parsed.credentials) {
    try {
      validateRecordName(credential.name, 'cloud credential');
    } catch (error) {
      report.skipped.push({ name: credential.name, reason: (error as Error).message });
      continue;
    }
    if (!credential.privateKey) {
      prepared.push({ credential });
      continue;
    }
    const keyText = readKey(credential.privateKey);
    if (typeof keyText !== 'string') {
      report.skipped.push({ name: credential.name, reason: keyText.problem });
      continue;
    }
    try {
      prepared.push({ credential, keypair: await importKeypair({ privateKey: keyText, passphrase: credential.privateKey.passphrase }) });
    } catch (error) {
      const why = error instanceof UserError ? error.message : 'it is not a private key this system can read';
      report.skipped.push({ name: credential.name, reason: `its SSH private key cannot be imported: ${why}` });
    }
  }

  store.write(() => {
    for (const { credential, keypair } of prepared) {
      const name = freeCloudName(store, credential.name, options.rename ?? false);
      if (!name) {
        report.skipped.push({ name: credential.name, reason: NAME_TAKEN });
        continue;
      }
      const provider = findProvider(credential.provider);
      const attributes = withDefaults(provider, normalizeAttributes(provider, credential.attributes));
      const notes = [...credential.notes];
      let keypairName: string | null = null;
      if (keypair) {
        const existing = findKeypairByFingerprint(store, describeKey(keypair.publicKey).fingerprint);
        const stored = existing ?? storeCredentialKeypair(store, name, keypair);
        if (existing) notes.push(`its key is the one keypair ${existing.name} holds: linked to it`);
        attributes.private_key = stored.id;
        keypairName = stored.name;
      }
      store.cloudCredentials.create(name, credential.provider, attributes);
      report.imported.push({ name, from: credential.name, provider: credential.provider, keypair: keypairName, keptOptions: credential.keptOptions, ignoredOptions: credential.ignoredOptions, notes });
    }
    store.audit.record('import', 'rclone.conf', null, `${report.imported.length} imported, ${report.skipped.length} skipped`);
  });
  return report;
}

function freeCloudName(store: Store, name: string, rename: boolean): string | undefined {
  const clean = name.trim();
  if (!store.cloudCredentials.find(clean)) return clean;
  if (!rename) return undefined;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${clean}-${suffix}`;
    if (!store.cloudCredentials.find(candidate)) return candidate;
  }
}

/** The PEM of an imported SFTP key: inline (key_pem), or a key_file readable on this machine. */
function readKey(source: NonNullable<ImportedCredential['privateKey']>): string | { problem: string } {
  if ('pem' in source) return source.pem;
  const path = source.file.startsWith('~/') ? resolve(homedir(), source.file.slice(2)) : source.file;
  try {
    return readBoundedFile(path, INPUT_LIMITS.privateKey).toString('utf8');
  } catch (error) {
    const why = error instanceof UserError ? error.message : 'it cannot be read';
    return { problem: `its key_file cannot be read here (${why.replace(/\.$/, '')}): paste the key into key_pem or import the keypair first` };
  }
}
