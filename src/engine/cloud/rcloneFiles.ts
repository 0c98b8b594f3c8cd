import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { UserError } from '../../common/errors.js';
import { writeFileAtomic } from '../fsSafe.js';
import { exportRcloneConf, isEncryptedRcloneConf, parseRcloneConf, type ImportedCredential } from '../rclone/index.js';
import { importKeypair, type Keypair } from '../ssh/index.js';
import type { Store } from '../store/index.js';
import { validateRecordName } from '../store/encryptedRecords.js';
import { findProvider, normalizeAttributes, withDefaults } from '../../providers/index.js';
import { keypairResolver, storeCredentialKeypair } from './credentialKeypairs.js';

/** Larger than any rclone.conf a person keeps; a guard against reading the wrong file. */
export const MAX_RCLONE_CONF_BYTES = 16 * 1024 * 1024;

export interface RcloneExportOptions {
  /** Credential names to export, in this order; all (by name) when absent or empty. */
  names?: readonly string[];
  /** Write here (mode 0600, atomically); otherwise only return the text. */
  to?: string;
}

export interface RcloneExport {
  text: string;
  names: string[];
  /** The file written, when `to` was given. */
  path: string | null;
}

/**
 * An rclone.conf of the chosen (or all) credentials that rclone uses as it is: one section
 * per credential, named after it, passwords obscured, SFTP keys inline. Written 0600.
 */
export function exportCloudCredentialsToRclone(store: Store, options: RcloneExportOptions = {}): RcloneExport {
  const wanted = options.names?.length ? options.names : undefined;
  let records;
  if (wanted) {
    const missing = wanted.filter((name) => !store.cloudCredentials.find(name));
    if (missing.length) throw new UserError(`No cloud credential named ${missing.map((name) => JSON.stringify(name)).join(', ')}.`);
    records = [...new Set(wanted)].map((name) => store.cloudCredentials.get(name));
  } else {
    records = store.cloudCredentials.decryptAll().sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.name.localeCompare(b.name));
  }
  const credentials = records.map((record) => ({ name: record.name, provider: record.type, attributes: record.attributes }));
  const text = exportRcloneConf(credentials, keypairResolver(store));
  let path: string | null = null;
  if (options.to !== undefined) {
    path = resolve(options.to);
    if (isDirectory(path)) throw new UserError(`${path} is a directory: give the path of the rclone.conf to write.`);
    try {
      writeFileAtomic(path, text, 0o600);
    } catch (error) {
      throw new UserError(`Cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
    }
  }
  store.audit.record('export', 'rclone.conf', path ?? '(standard output)', `${credentials.length} cloud credential(s)`);
  return { text, names: credentials.map((credential) => credential.name), path };
}

export interface RcloneImportReport {
  imported: Array<{
    name: string;
    /** The section's name in the file (differs when renamed). */
    from: string;
    provider: string;
    /** SFTP: the keypair made from the section's key. */
    keypair: string | null;
    /** rclone options that have no attribute here and were dropped. */
    ignoredOptions: string[];
    notes: string[];
  }>;
  skipped: Array<{ name: string; reason: string }>;
}

/** Reads an rclone.conf from a path; an encrypted or unreadable one is refused before anything else. */
export function readRcloneConfFile(path: string): string {
  let bytes: Buffer;
  try {
    const info = statSync(path);
    if (!info.isFile()) throw new UserError(`${path} is not a file.`);
    if (info.size > MAX_RCLONE_CONF_BYTES) throw new UserError(`${path} is too large for an rclone.conf (${info.size} bytes).`);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
  return rcloneConfText(bytes);
}

/** The text of rclone.conf bytes: refused when encrypted or not text. */
export function rcloneConfText(bytes: Buffer): string {
  if (bytes.length > MAX_RCLONE_CONF_BYTES) throw new UserError(`This is too large for an rclone.conf (${bytes.length} bytes).`);
  const text = bytes.toString('utf8');
  if (isEncryptedRcloneConf(text)) {
    throw new UserError('This rclone.conf is encrypted (rclone config password): decrypt it first with "rclone config show > plain.conf" or "rclone config encryption remove", then import the plain file.');
  }
  if (bytes.includes(0) || text.includes('\uFFFD')) throw new UserError('This is not an rclone.conf: it is not text.');
  return text;
}

interface PreparedImport {
  credential: ImportedCredential;
  keypair?: Keypair;
}

/**
 * Brings the remotes of an rclone.conf in as cloud credentials: backends mapped to providers,
 * SFTP keys stored as keypairs. What cannot be mapped is skipped and listed; a name already
 * used is skipped, or with `rename` imported as name-2, name-3... Everything is read and
 * checked first, then written in one transaction: an unreadable file writes nothing.
 */
export async function importRcloneConf(store: Store, text: string, options: { rename?: boolean } = {}): Promise<RcloneImportReport> {
  const parsed = parseRcloneConf(text);
  const report: RcloneImportReport = { imported: [], skipped: [...parsed.skipped] };

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
      prepared.push({ credential, keypair: await importKeypair({ privateKey: keyText }) });
    } catch (error) {
      const why = error instanceof UserError ? error.message : 'it is not a private key this system can read';
      report.skipped.push({ name: credential.name, reason: `its SSH private key cannot be imported: ${why}` });
    }
  }

  store.db.transaction(() => {
    for (const { credential, keypair } of prepared) {
      const name = freeCloudName(store, credential.name, options.rename ?? false);
      if (!name) {
        report.skipped.push({ name: credential.name, reason: 'a cloud credential with this name already exists (use --rename to import it under another name)' });
        continue;
      }
      const provider = findProvider(credential.provider);
      const attributes = withDefaults(provider, normalizeAttributes(provider, credential.attributes));
      let keypairName: string | null = null;
      if (keypair) {
        const stored = storeCredentialKeypair(store, name, keypair);
        attributes.private_key = stored.id;
        keypairName = stored.name;
      }
      store.cloudCredentials.create(name, credential.provider, attributes);
      report.imported.push({ name, from: credential.name, provider: credential.provider, keypair: keypairName, ignoredOptions: credential.ignoredOptions, notes: credential.notes });
    }
    store.audit.record('import', 'rclone.conf', null, `${report.imported.length} imported, ${report.skipped.length} skipped`);
  })();
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
    if (statSync(path).size > 65_536) return { problem: `its key_file ${source.file} is too large for a private key` };
    return readFileSync(path, 'utf8');
  } catch (error) {
    return { problem: `its key_file ${source.file} cannot be read here (${(error as NodeJS.ErrnoException).code ?? 'error'}): paste the key into key_pem or import the keypair first` };
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
