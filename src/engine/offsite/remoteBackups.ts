import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { UserError } from '../../common/errors.js';
import { quoted } from '../../common/printable.js';
import { isAgeEncrypted } from '../archive/ageCrypt.js';
import { safeHostname } from '../archive/naming.js';
import { uploadConfiguration, type UploadOptions, type UploadResult } from '../archive/upload.js';
import { MAX_UPLOAD_BYTES } from '../archive/uploadLimit.js';
import type { DataPaths } from '../dataDir.js';
import type { Store } from '../store/index.js';
import { ageStanzaTypes, decryptWithIdentities } from './ageKeys.js';
import { getDestination } from './destinations.js';
import { kindOf } from './kinds.js';
import type { OpenOptions, RemoteDir } from './remoteDir.js';
import { newestFirst, parseRemoteBackupName, type RemoteBackupName } from './remoteNames.js';

/** What is on a destination, and getting it back: list, test, fetch, decrypt, restore. */

export interface RemoteBackup extends RemoteBackupName {
  bytes: number;
  /** Made by this machine (its host name), so subject to this destination's retention. */
  fromThisMachine: boolean;
}

/** How to decrypt a backup: the identities of its recipients, or the passphrase of a manual push. */
export type BackupKey = { identities: readonly string[] } | { passphrase: string };

export interface DestinationTestOutcome {
  destination: string;
  label: string;
  /** Our backups found there (every machine's). */
  backups: number;
  elapsedMs: number;
}

/** Opens a destination's directory for `work`, and closes it whatever happens. */
async function withDestinationDir<T>(store: Store, name: string, options: OpenOptions, work: (dir: RemoteDir) => Promise<T>): Promise<T> {
  const destination = getDestination(store, name);
  const dir = await kindOf(destination).open(store, destination, options);
  try {
    return await work(dir);
  } finally {
    await dir.close().catch(() => {});
  }
}

/** Our backups on a destination (every machine's), newest first. Other files are not shown. */
export function listRemoteBackups(store: Store, destination: string, options: OpenOptions = {}): Promise<RemoteBackup[]> {
  return withDestinationDir(store, destination, options, async (dir) => backupsIn(await dir.list()));
}

/**
 * Proves a destination can take backups without pushing one: a small file is written, read
 * back, compared and removed. Nothing is recorded (the last result is the last push's).
 */
export function testDestination(store: Store, destination: string, options: OpenOptions = {}): Promise<DestinationTestOutcome> {
  const started = performance.now();
  return withDestinationDir(store, destination, options, async (dir) => {
    const probe = `.nasconsole-probe-${randomBytes(6).toString('hex')}`;
    const sent = randomBytes(64);
    await dir.put(probe, sent);
    try {
      const back = await dir.get(probe, 1024);
      if (!back.equals(sent)) throw new UserError(`${dir.label}: a test file did not read back as written.`);
    } finally {
      await dir.remove(probe).catch(() => {});
    }
    const backups = backupsIn(await dir.list()).length;
    return { destination: getDestination(store, destination).name, label: dir.label, backups, elapsedMs: Math.round(performance.now() - started) };
  });
}

/** One backup's bytes, as they are there (encrypted); only a name of our shape is fetched. */
export function fetchRemoteBackup(store: Store, destination: string, name: string, options: OpenOptions = {}): Promise<Buffer> {
  if (!parseRemoteBackupName(name)) {
    throw new UserError(`${quoted(name)} is not the name of a nasconsole backup (<host>-nasconsole-<time>.tar.age): list them first.`, 2);
  }
  return withDestinationDir(store, destination, options, (dir) => dir.get(name, MAX_UPLOAD_BYTES));
}

/**
 * Fetches a backup, decrypts it and uploads it through the same checks and swap as any
 * upload. A passphrase is handed to the upload, which decrypts passphrase archives itself.
 */
export async function restoreFromDestination(
  store: Store,
  paths: DataPaths,
  destination: string,
  name: string,
  key: BackupKey,
  options: OpenOptions & Omit<UploadOptions, 'passphrase'>,
): Promise<UploadResult> {
  const { signal, rclonePath, ...uploadOptions } = options;
  const fetched = await fetchRemoteBackup(store, destination, name, { ...(signal ? { signal } : {}), ...(rclonePath ? { rclonePath } : {}) });
  if (!isAgeEncrypted(fetched)) throw new UserError(`${quoted(name)} is not age-encrypted: it was not made by a nasconsole push.`);
  const source = { source: `${name} from ${destination}` };
  if ('identities' in key) {
    return uploadConfiguration(store, paths, await decryptWithIdentities(fetched, key.identities), { ...source, ...uploadOptions });
  }
  if (!ageStanzaTypes(fetched).includes('scrypt')) {
    throw new UserError(`${quoted(name)} is encrypted to age recipients, not with a passphrase: give the identity of one of them.`, { reason: 'identity-required' });
  }
  return uploadConfiguration(store, paths, fetched, { ...source, ...uploadOptions, passphrase: key.passphrase });
}

function backupsIn(entries: readonly { name: string; bytes: number }[]): RemoteBackup[] {
  const host = safeHostname();
  const sizes = new Map(entries.map((entry) => [entry.name, entry.bytes]));
  const ours = entries.map((entry) => parseRemoteBackupName(entry.name)).filter((backup): backup is RemoteBackupName => backup !== undefined);
  return newestFirst(ours).map((backup) => ({ ...backup, bytes: sizes.get(backup.name)!, fromThisMachine: backup.host === host }));
}
