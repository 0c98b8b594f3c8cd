import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import { sha256Hex, TargetExistsError, writeFileAtomic } from '../fsSafe.js';
import { sweepLeftovers } from '../leftovers.js';
import { snapshotDatabase } from '../store/databaseImage.js';
import { checkRowsUploadable, rowCounts } from '../store/capacity.js';
import { SCHEMA_VERSION, type Store } from '../store/index.js';
import { APP_VERSION } from '../version.js';
import { encryptWithPassphrase } from './ageCrypt.js';
import { buildManifest, DATABASE_MEMBER, MANIFEST_NAME, POOL_KEYS_MEMBER, SEED_MEMBER, type Manifest } from './manifest.js';
import { archiveFileName, isArchiveFileName, safeHostname } from './naming.js';
import { packTar } from './tar.js';
import { checkUploadableSize } from './uploadLimit.js';

export interface SaveOptions {
  /** "Export Password Secret Seed": include pwenc_secret, so secrets can be restored elsewhere. */
  secretSeed: boolean;
  /** "Export Pool Encryption Keys": include pool_keys.json. */
  poolKeys: boolean;
  /** Protect the whole archive with age (scrypt passphrase). Empty is refused: encryption was asked for. */
  passphrase?: string;
  /** A file path that exists is replaced only when this is set (the user said so). */
  replace?: boolean;
}

export interface ArchiveBuildOptions extends Omit<SaveOptions, 'replace'> {
  /**
   * The seed in use does not match the store (an upload replacing a configuration whose seed
   * is lost): copy the database as it is, pool keys encrypted inside it, since they cannot be
   * decrypted into pool_keys.json.
   */
  seedUnverified?: boolean;
}

export interface SavedArchive {
  path: string;
  bytes: number;
  sha256: string;
  manifest: Manifest;
}

/**
 * The configuration as archive bytes: a tar, age-encrypted when a passphrase is given.
 * Refused, before anything is written, when an upload would refuse it (more rows than the
 * store holds, or a file over the upload limit): every archive we make uploads again.
 */
export async function buildConfigArchive(store: Store, options: ArchiveBuildOptions, now = new Date()): Promise<{ bytes: Buffer; manifest: Manifest }> {
  if (options.passphrase !== undefined && options.passphrase.length === 0) throw new UserError('The passphrase is empty: an encrypted archive needs one.', { field: 'passphrase' });
  checkRowsUploadable(rowCounts(store.db));
  const exportPoolKeys = options.poolKeys && !options.seedUnverified;
  const members = new Map<string, Buffer>([[DATABASE_MEMBER, snapshotDatabase(store, { keepPoolKeys: options.seedUnverified ?? false })]]);
  if (options.secretSeed) members.set(SEED_MEMBER, Buffer.from(store.seed));
  if (exportPoolKeys) {
    const keys = Object.fromEntries(store.poolKeys.list().map(({ dataset, key }) => [dataset, key]));
    members.set(POOL_KEYS_MEMBER, Buffer.from(JSON.stringify(keys, null, 2) + '\n'));
  }
  const manifest = buildManifest(
    {
      appVersion: APP_VERSION,
      schemaVersion: SCHEMA_VERSION,
      createdAt: now.toISOString(),
      hostname: safeHostname(),
      options: { secretSeed: options.secretSeed, poolKeys: exportPoolKeys, passphrase: Boolean(options.passphrase) },
    },
    members,
  );
  const tar = await packTar([{ name: MANIFEST_NAME, data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n') }, ...[...members].map(([name, data]) => ({ name, data }))], now);
  checkUploadableSize(tar.length);
  const bytes = options.passphrase ? await encryptWithPassphrase(tar, options.passphrase) : tar;
  checkUploadableSize(bytes.length);
  return { bytes, manifest };
}

/**
 * Saves the configuration to `to`: a file path, or a directory where the generated name is
 * used. Atomic (temp, fsync, rename), 0600, verified by reading back its sha256. An existing
 * file is never replaced unless asked; a generated name that is taken (two saves in one
 * second) gets a suffix instead. Leftovers of earlier interrupted saves in that directory
 * (they may hold the seed) are removed first.
 */
export async function saveConfiguration(store: Store, to: string, options: SaveOptions, now = new Date()): Promise<SavedArchive> {
  const encrypted = options.passphrase !== undefined;
  const target = resolveTarget(to, archiveFileName(now, encrypted));
  sweepLeftovers(dirname(target.path), isArchiveFileName);
  const { bytes, manifest } = await buildConfigArchive(store, options, now);
  const path = target.generated ? writeUnderFreeName(target.path, bytes) : (writeVerified(target.path, bytes, options.replace ? 'replace' : 'refuse'), target.path);
  store.audit.record('save', 'configuration', path, describeOptions(options));
  return { path, bytes: bytes.length, sha256: sha256Hex(bytes), manifest };
}

/** Writes atomically, then reads back: a failing device is caught here, not at restore time. */
export function writeVerified(path: string, bytes: Buffer, existing: 'replace' | 'refuse' = 'replace'): void {
  try {
    writeFileAtomic(path, bytes, { mode: 0o600, existing });
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`Cannot write ${printable(path)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  // Byte for byte: as strict as comparing hashes, without hashing both sides.
  if (!readFileSync(path).equals(bytes)) {
    throw new UserError(`${printable(path)} did not read back as written: the device may be failing. Try another path.`);
  }
}

/** `name.tar`, else `name-2.tar`, `name-3.tar`...: claimed atomically, so two saves never share one. */
function writeUnderFreeName(path: string, bytes: Buffer): string {
  const [, base, extension] = /^(.*?)(\.tar(?:\.age)?)$/.exec(path) ?? [path, path, ''];
  for (let attempt = 1; attempt <= 100; attempt++) {
    const candidate = attempt === 1 ? path : `${base}-${attempt}${extension}`;
    try {
      writeVerified(candidate, bytes, 'refuse');
      return candidate;
    } catch (error) {
      if (!(error instanceof TargetExistsError)) throw error;
    }
  }
  throw new UserError(`Too many saved configurations named like ${printable(path)} in that directory.`);
}

function resolveTarget(to: string, generatedName: string): { path: string; generated: boolean } {
  if (existsSync(to) && statSync(to).isDirectory()) return { path: join(to, generatedName), generated: true };
  if (to.endsWith('/')) throw new UserError(`The directory ${printable(to)} does not exist.`);
  const parent = dirname(to);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) throw new UserError(`The directory ${printable(parent)} does not exist.`);
  return { path: to, generated: false };
}

function describeOptions(options: SaveOptions): string {
  const parts = [options.secretSeed ? 'with secret seed' : 'without secret seed', options.poolKeys ? 'with pool keys' : 'without pool keys'];
  if (options.passphrase) parts.push('passphrase-protected');
  return parts.join(', ');
}
