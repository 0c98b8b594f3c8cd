import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import { cancelledError, isCancelled } from '../abortable.js';
import { encryptWithPassphrase, isAgeEncrypted } from '../archive/ageCrypt.js';
import type { Manifest } from '../archive/manifest.js';
import { safeHostname } from '../archive/naming.js';
import { checkUploadableSize, MAX_UPLOAD_BYTES } from '../archive/uploadLimit.js';
import type { Store } from '../store/index.js';
import { encryptToRecipients } from './ageKeys.js';
import { kindOf } from './kinds.js';
import { recordPush, selectRecipients, type DestinationRow } from './destinationRows.js';
import type { OpenOptions, RemoteDir, RemoteEntry } from './remoteDir.js';
import { remoteBackupName, retentionVictims, temporaryName } from './remoteNames.js';

/**
 * A push: the archive, age-encrypted, goes to a destination under a temporary name, is read
 * back and compared (sha256), and only then renamed to its final name, so a half-finished
 * upload never has it. Then retention removes this machine's backups beyond the newest N.
 * Every attempt is recorded on the destination (its last result); a failure is an outcome,
 * not an exception, so one destination that is down never stops the others. A cancel (Esc)
 * is neither: it stops the push where it is, records nothing and rejects (CancelledError);
 * what was sent so far only ever had the temporary name, which the next push sweeps.
 */

export type PushStep = 'connecting' | 'uploading' | 'verifying' | 'renaming' | 'pruning';

export interface PushProgress {
  destination: string;
  step: PushStep;
  /** Which destination of how many this push goes to (1-based). */
  index: number;
  total: number;
}

export interface PushOptions extends OpenOptions {
  onProgress?: (progress: PushProgress) => void;
}

export interface PushOutcome {
  destination: string;
  ok: boolean;
  /** The final name on the destination (when OK). */
  file: string | null;
  /** OK: what was done; failed: the error line. */
  message: string;
  /** Old backups (and leftovers of interrupted pushes) retention removed. */
  removed: string[];
}

/** An archive about to leave: a tar holding the seed, or one already passphrase-encrypted (age). */
export interface ArchiveToPush {
  bytes: Buffer;
  manifest: Manifest;
  /** The sha256 of the local backup file it is, so a scheduled run knows what each destination has. */
  sourceSha256?: string;
}

/** Encrypted, named, ready for every destination. */
export interface SealedBackup {
  bytes: Buffer;
  name: string;
  sourceSha256: string | null;
}

export const NO_RECIPIENT_MESSAGE =
  'No backup leaves this machine unencrypted, and there is no age recipient to encrypt it to: add the recipient of an identity kept off this machine, or make one.';

/** What leaves must hold the seed, or it could not restore a single credential. */
export function requireSeed(holdsSeed: boolean): void {
  if (!holdsSeed) {
    throw new UserError('A backup that leaves the machine must hold the secret seed, or its credentials could not be restored.', { reason: 'seed-excluded' });
  }
}

/** The recipients to encrypt to; a refusal that says so plainly when there are none. */
export function requireRecipients(store: Store): string[] {
  const recipients = selectRecipients(store).map((row) => row.recipient);
  if (recipients.length === 0) throw new UserError(NO_RECIPIENT_MESSAGE, { reason: 'recipient-required' });
  return recipients;
}

/**
 * Encrypts an archive for the destinations: to a passphrase when one is given (a manual
 * push), else to the stored recipients. An archive already encrypted with a passphrase (a
 * save with one) leaves as it is.
 */
export async function sealArchive(store: Store, archive: ArchiveToPush, passphrase?: string): Promise<SealedBackup> {
  requireSeed(archive.manifest.options.secretSeed);
  const name = remoteBackupName(safeHostname(), new Date(archive.manifest.createdAt));
  const sourceSha256 = archive.sourceSha256 ?? null;
  if (isAgeEncrypted(archive.bytes)) return { bytes: archive.bytes, name, sourceSha256 };
  const bytes = passphrase !== undefined ? await encryptWithPassphrase(archive.bytes, passphrase) : await encryptToRecipients(archive.bytes, requireRecipients(store));
  checkUploadableSize(bytes.length); // age's header grows with each recipient: what leaves must come back
  return { bytes, name, sourceSha256 };
}

/** Pushes to each destination in turn; each outcome is recorded as that destination's last result. */
export async function pushSealed(store: Store, destinations: readonly DestinationRow[], sealed: SealedBackup, options: PushOptions = {}): Promise<PushOutcome[]> {
  const outcomes: PushOutcome[] = [];
  for (const [index, destination] of destinations.entries()) {
    const progress = (step: PushStep) => options.onProgress?.({ destination: destination.name, step, index: index + 1, total: destinations.length });
    outcomes.push(await pushOne(store, destination, sealed, progress, options));
  }
  return outcomes;
}

/** Records, on each destination, why nothing could be pushed (no recipient, a damaged backup). */
export function recordRefusal(store: Store, destinations: readonly DestinationRow[], error: unknown): PushOutcome[] {
  const message = oneLine(error);
  for (const destination of destinations) if (store.db.open) recordPush(store, destination.id, { ok: false, message });
  return destinations.map((destination) => ({ destination: destination.name, ok: false, file: null, message, removed: [] }));
}

async function pushOne(store: Store, destination: DestinationRow, sealed: SealedBackup, progress: (step: PushStep) => void, options: PushOptions): Promise<PushOutcome> {
  let dir: RemoteDir | undefined;
  const temp = temporaryName(sealed.name);
  let uploaded = false;
  try {
    progress('connecting');
    dir = await kindOf(destination).open(store, destination, options);
    progress('uploading');
    uploaded = true;
    await dir.put(temp, sealed.bytes);
    progress('verifying');
    const back = await dir.get(temp, MAX_UPLOAD_BYTES);
    if (!back.equals(sealed.bytes)) {
      throw new UserError(`${dir.label}: the uploaded file did not read back as sent (sha256 differs): it was not kept.`);
    }
    progress('renaming');
    await dir.rename(temp, sealed.name);
    uploaded = false;
    const entries = await dir.list();
    const listed = entries.find((entry) => entry.name === sealed.name);
    if (!listed || (listed.bytes >= 0 && listed.bytes !== sealed.bytes.length)) throw new UserError(`${dir.label}: ${sealed.name} is not there after the rename.`);
    progress('pruning');
    const { removed, problem } = await prune(dir, entries, destination.keep, sealed.name);
    const message = `pushed ${sealed.name}${removed.length ? `, removed ${removed.length} older` : ''}${problem ? `; ${problem}` : ''}`;
    if (store.db.open) {
      recordPush(store, destination.id, { ok: true, message, file: sealed.name, sourceSha256: sealed.sourceSha256 });
      store.audit.record('push', 'configuration', destination.name, sealed.name);
    }
    return { destination: destination.name, ok: true, file: sealed.name, message, removed };
  } catch (error) {
    if (isCancelled(error)) throw cancelledError(`Cancelled: the push to ${printable(destination.name)} was stopped; its last result is unchanged.`);
    if (dir && uploaded) await dir.remove(temp).catch(() => {}); // best effort: the next push sweeps it otherwise
    const message = oneLine(error);
    if (store.db.open) recordPush(store, destination.id, { ok: false, message });
    return { destination: destination.name, ok: false, file: null, message, removed: [] };
  } finally {
    await dir?.close().catch(() => {});
  }
}

/** Retention after a push; a file that cannot be removed is reported, the push stays OK. */
async function prune(dir: RemoteDir, entries: readonly RemoteEntry[], keep: number, pushed: string): Promise<{ removed: string[]; problem?: string }> {
  const victims = retentionVictims(entries.map((entry) => entry.name), safeHostname(), keep, pushed);
  const removed: string[] = [];
  for (const name of victims) {
    try {
      await dir.remove(name);
      removed.push(name);
    } catch (error) {
      return { removed, problem: `could not remove an old backup: ${oneLine(error)}` };
    }
  }
  return { removed };
}

/** The last result's text: one line, bounded; a bug shows as one too, never as a stack. */
function oneLine(error: unknown): string {
  const text = error instanceof UserError ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 500 ? `${line.slice(0, 499)}…` : line;
}
