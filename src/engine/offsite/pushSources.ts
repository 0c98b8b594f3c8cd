import { readFileSync } from 'node:fs';
import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import type { Manifest } from '../archive/manifest.js';
import { readArchive } from '../archive/readArchive.js';
import { sha256Hex } from '../fsSafe.js';
import type { Store } from '../store/index.js';
import { getDestination } from './destinations.js';
import { pushSealed, recordRefusal, requireRecipients, requireSeed, sealArchive, type PushOptions, type PushOutcome } from './push.js';
import { selectDestinations, type DestinationRow } from './destinationRows.js';

/** What gets pushed: a local backup file (daily runs, `backup push`) or a configuration just saved. */

export interface ManualPushOptions extends PushOptions {
  /** Encrypt with this passphrase (scrypt) instead of the recipients: for a manual push only. */
  passphrase?: string;
}

/** The destinations named (one, by name), or all of them; a refusal when there are none. */
export function destinationsToPush(store: Store, name?: string): DestinationRow[] {
  if (name !== undefined) return [getDestination(store, name)];
  const all = selectDestinations(store);
  if (all.length === 0) throw new UserError('There is no backup destination yet: add one first.');
  return all;
}

/** Every destination, for the daily run (none is fine). */
export function allDestinations(store: Store): DestinationRow[] {
  return selectDestinations(store);
}

/**
 * Refuses, before anything is written, a push that could not happen: no such destination, no
 * seed in the archive, nothing to encrypt to.
 */
export function checkReadyToPush(store: Store, destination: string, archive: { secretSeed: boolean; passphrase: boolean }): void {
  getDestination(store, destination);
  requireSeed(archive.secretSeed);
  if (!archive.passphrase) requireRecipients(store);
}

/**
 * Pushes a local backup (a tar with the seed, from the backups dir) to the destinations. A
 * backup that cannot be sent (damaged, no recipient) is recorded on each of them.
 */
export async function pushLocalBackup(store: Store, destinations: readonly DestinationRow[], path: string, options: ManualPushOptions = {}): Promise<PushOutcome[]> {
  let backup;
  try {
    const bytes = readFileSync(path);
    backup = { path, bytes, sha256: sha256Hex(bytes) };
  } catch (error) {
    return recordRefusal(store, destinations, error);
  }
  return pushBackupBytes(store, destinations, backup, options);
}

/** `pushLocalBackup` for a backup already read and hashed (the daily run compares its hash first). */
export async function pushBackupBytes(store: Store, destinations: readonly DestinationRow[], backup: { path: string; bytes: Buffer; sha256: string }, options: ManualPushOptions = {}): Promise<PushOutcome[]> {
  let sealed;
  try {
    const contents = await readArchive(backup.bytes);
    if (!contents.manifest) throw new UserError(`The backup ${printable(backup.path)} is not a configuration archive.`);
    sealed = await sealArchive(store, { bytes: backup.bytes, manifest: contents.manifest, sourceSha256: backup.sha256 }, options.passphrase);
  } catch (error) {
    return recordRefusal(store, destinations, error);
  }
  return pushSealed(store, destinations, sealed, options);
}

/** Pushes a configuration just saved (`config save --push`), as saved: a tar, or a passphrase-protected .tar.age. */
export async function pushSavedArchive(store: Store, destination: string, saved: { path: string; manifest: Manifest }, options: PushOptions = {}): Promise<PushOutcome> {
  const sealed = await sealArchive(store, { bytes: readFileSync(saved.path), manifest: saved.manifest });
  const [outcome] = await pushSealed(store, [getDestination(store, destination)], sealed, options);
  return outcome!;
}
