import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../../common/errors.js';
import { sha256Hex, writeFileAtomic } from '../fsSafe.js';
import { SCHEMA_VERSION, type Store } from '../store/index.js';
import { APP_VERSION } from '../version.js';
import { encryptWithPassphrase } from './ageCrypt.js';
import { buildManifest, DATABASE_MEMBER, MANIFEST_NAME, POOL_KEYS_MEMBER, SEED_MEMBER, type Manifest } from './manifest.js';
import { archiveFileName, safeHostname } from './naming.js';
import { snapshotDatabase } from './snapshot.js';
import { packTar } from './tar.js';

export interface SaveOptions {
  /** "Export Password Secret Seed": include pwenc_secret, so secrets can be restored elsewhere. */
  secretSeed: boolean;
  /** "Export Pool Encryption Keys": include pool_keys.json. */
  poolKeys: boolean;
  /** Protect the whole archive with age (scrypt passphrase). */
  passphrase?: string;
}

export interface SavedArchive {
  path: string;
  bytes: number;
  sha256: string;
  manifest: Manifest;
}

/** The configuration as archive bytes: a tar, age-encrypted when a passphrase is given. */
export async function buildConfigArchive(store: Store, options: SaveOptions, now = new Date()): Promise<{ bytes: Buffer; manifest: Manifest }> {
  const members = new Map<string, Buffer>([[DATABASE_MEMBER, snapshotDatabase(store)]]);
  if (options.secretSeed) members.set(SEED_MEMBER, Buffer.from(store.options.seed));
  if (options.poolKeys) {
    const keys = Object.fromEntries(store.poolKeys.list().map(({ dataset, key }) => [dataset, key]));
    members.set(POOL_KEYS_MEMBER, Buffer.from(JSON.stringify(keys, null, 2) + '\n'));
  }
  const manifest = buildManifest(
    {
      appVersion: APP_VERSION,
      schemaVersion: SCHEMA_VERSION,
      createdAt: now.toISOString(),
      hostname: safeHostname(),
      options: { secretSeed: options.secretSeed, poolKeys: options.poolKeys, passphrase: Boolean(options.passphrase) },
    },
    members,
  );
  const tar = await packTar([{ name: MANIFEST_NAME, data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n') }, ...[...members].map(([name, data]) => ({ name, data }))], now);
  const bytes = options.passphrase ? await encryptWithPassphrase(tar, options.passphrase) : tar;
  return { bytes, manifest };
}

/**
 * Saves the configuration to `to`: a file path, or a directory where the generated name is
 * used. Atomic (temp, fsync, rename), 0600, and verified by reading back its sha256.
 */
export async function saveConfiguration(store: Store, to: string, options: SaveOptions, now = new Date()): Promise<SavedArchive> {
  const path = resolveTarget(to, archiveFileName(now, Boolean(options.passphrase)));
  const { bytes, manifest } = await buildConfigArchive(store, options, now);
  writeVerified(path, bytes);
  store.audit.record('save', 'configuration', path, describeOptions(options));
  return { path, bytes: bytes.length, sha256: sha256Hex(bytes), manifest };
}

export function writeVerified(path: string, bytes: Buffer): void {
  try {
    writeFileAtomic(path, bytes, 0o600);
  } catch (error) {
    throw new UserError(`Cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  if (sha256Hex(readFileSync(path)) !== sha256Hex(bytes)) {
    throw new UserError(`${path} did not read back as written: the device may be failing. Try another path.`);
  }
}

function resolveTarget(to: string, generatedName: string): string {
  if (existsSync(to) && statSync(to).isDirectory()) return join(to, generatedName);
  if (to.endsWith('/')) throw new UserError(`The directory ${to} does not exist.`);
  const parent = dirname(to);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) throw new UserError(`The directory ${parent} does not exist.`);
  return to;
}

function describeOptions(options: SaveOptions): string {
  const parts = [options.secretSeed ? 'with secret seed' : 'without secret seed', options.poolKeys ? 'with pool keys' : 'without pool keys'];
  if (options.passphrase) parts.push('passphrase-protected');
  return parts.join(', ');
}
