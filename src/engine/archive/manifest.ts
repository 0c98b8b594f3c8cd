import { UserError } from '../../common/errors.js';
import { sha256Hex } from '../fsSafe.js';
import type { ReadMember } from './tar.js';

export const MANIFEST_NAME = 'manifest.json';
export const DATABASE_MEMBER = 'config.db';
export const SEED_MEMBER = 'pwenc_secret';
export const POOL_KEYS_MEMBER = 'pool_keys.json';
export const ARCHIVE_FORMAT_VERSION = 1;

export interface ArchiveOptions {
  secretSeed: boolean;
  poolKeys: boolean;
  passphrase: boolean;
}

export interface Manifest {
  format: 'nasconsole-config';
  formatVersion: number;
  appVersion: string;
  schemaVersion: number;
  createdAt: string;
  hostname: string;
  options: ArchiveOptions;
  /** sha256 (hex) of every other member, by name. */
  members: Record<string, string>;
}

export function buildManifest(fields: Omit<Manifest, 'format' | 'formatVersion' | 'members'>, members: Map<string, Buffer>): Manifest {
  const hashes: Record<string, string> = {};
  for (const [name, data] of members) hashes[name] = sha256Hex(data);
  return { format: 'nasconsole-config', formatVersion: ARCHIVE_FORMAT_VERSION, ...fields, members: hashes };
}

/** Parses the manifest and checks that it lists exactly the members present, with their hashes. */
export function verifyManifest(members: Map<string, ReadMember>): Manifest {
  const raw = members.get(MANIFEST_NAME)?.data;
  if (!raw) throw new UserError('This tar is not a nasconsole configuration archive: it has no manifest.json.');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(raw.toString('utf8')) as Manifest;
  } catch {
    throw new UserError('The archive manifest is not valid JSON.');
  }
  if (manifest?.format !== 'nasconsole-config' || typeof manifest.members !== 'object' || manifest.members === null) {
    throw new UserError('This tar is not a nasconsole configuration archive: its manifest is not ours.');
  }
  if (manifest.formatVersion > ARCHIVE_FORMAT_VERSION) {
    throw new UserError(`The archive format version ${manifest.formatVersion} is newer than this nasconsole reads (${ARCHIVE_FORMAT_VERSION}): upgrade nasconsole.`);
  }
  for (const name of members.keys()) {
    if (name !== MANIFEST_NAME && !(name in manifest.members)) throw new UserError(`The archive holds ${name}, which its manifest does not list: it was altered.`);
  }
  for (const [name, expected] of Object.entries(manifest.members)) {
    const member = members.get(name);
    if (!member) throw new UserError(`The archive is missing ${name}, which its manifest lists.`);
    if (member.sha256 !== expected) throw new UserError(`The archive member ${name} does not match its sha256 in the manifest: the archive is damaged or was altered.`);
  }
  if (!members.has(DATABASE_MEMBER)) throw new UserError(`The archive has no ${DATABASE_MEMBER}.`);
  return manifest;
}
