import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../common/errors.js';
import { buildConfigArchive, writeVerified } from './archive/save.js';
import { compactTimestamp } from './archive/naming.js';
import type { DataPaths } from './dataDir.js';
import { sha256Hex } from './fsSafe.js';
// Not offsite/index.js: restoring (there) uploads, and an upload makes a backup (here).
import { requireRecipients, type PushOptions, type PushOutcome } from './offsite/push.js';
import { MAX_DESTINATION_KEEP } from './offsite/rules.js';
import { allDestinations, destinationsToPush, pushBackupBytes, pushLocalBackup, type ManualPushOptions } from './offsite/pushSources.js';
import type { Store } from './store/index.js';
import { SETTING_BACKUP_RETENTION } from './store/settings.js';

export type BackupKind = 'scheduled' | 'pre-upload';

export interface BackupEntry {
  name: string;
  path: string;
  kind: BackupKind;
  createdAt: string;
  bytes: number;
}

/** The daily backup runs at 03:45 local time, as the original's does. */
export const BACKUP_HOUR = 3;
export const BACKUP_MINUTE = 45;
export const DEFAULT_RETENTION = 30;

const NAME_PATTERN = /^(scheduled|pre-upload)-(\d{4}-\d{2}-\d{2}|\d{14})\.tar$/;

/** Local backups carry the seed and pool keys: they live in the 0700 data dir, and a restore must lose nothing. */
export async function createBackup(store: Store, paths: DataPaths, kind: BackupKind, now = new Date(), name?: string, options: { seedUnverified?: boolean } = {}): Promise<BackupEntry> {
  const fileName = name ?? `${kind}-${compactTimestamp(now)}.tar`;
  const { bytes } = await buildConfigArchive(store, { secretSeed: true, poolKeys: true, seedUnverified: options.seedUnverified ?? false }, now);
  const path = join(paths.backups, fileName);
  writeVerified(path, bytes);
  prune(paths, kind, retentionOf(store));
  return { name: fileName, path, kind, createdAt: now.toISOString(), bytes: bytes.length };
}

export function listBackups(paths: DataPaths): BackupEntry[] {
  let names: string[];
  try {
    names = readdirSync(paths.backups);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, match: NAME_PATTERN.exec(name) }))
    .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ name, match }) => {
      const stat = statSync(join(paths.backups, name));
      return { name, path: join(paths.backups, name), kind: match[1] as BackupKind, createdAt: stat.mtime.toISOString(), bytes: stat.size };
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name));
}

/** The most recent 03:45 at or before `now`: the slot a daily backup belongs to. */
export function lastBackupSlot(now: Date): Date {
  const slot = new Date(now);
  slot.setHours(BACKUP_HOUR, BACKUP_MINUTE, 0, 0);
  if (slot > now) slot.setDate(slot.getDate() - 1);
  return slot;
}

export function nextBackupSlot(now: Date): Date {
  const slot = lastBackupSlot(now);
  slot.setDate(slot.getDate() + 1);
  return slot;
}

function slotFileName(slot: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `scheduled-${slot.getFullYear()}-${pad(slot.getMonth() + 1)}-${pad(slot.getDate())}.tar`;
}

/**
 * Due when the latest slot has no backup yet: unlike the original, a backup missed because the
 * machine was off at 03:45 is caught up at the next start or scheduled run.
 */
export function isScheduledBackupDue(paths: DataPaths, now = new Date()): boolean {
  const expected = slotFileName(lastBackupSlot(now));
  return !listBackups(paths).some((entry) => entry.name === expected);
}

/** Runs the daily backup if it is due; returns it, or null when there was nothing to do. */
export async function runScheduledBackupIfDue(store: Store, paths: DataPaths, now = new Date()): Promise<BackupEntry | null> {
  if (!isScheduledBackupDue(paths, now)) return null;
  const entry = await createBackup(store, paths, 'scheduled', now, slotFileName(lastBackupSlot(now)));
  store.audit.record('backup', 'configuration', entry.name, 'scheduled daily backup');
  return entry;
}

export interface ScheduledRun {
  /** The daily backup made by this run, or null when the slot had one. */
  created: BackupEntry | null;
  /** Pushes to the destinations that did not have the newest daily backup yet. */
  pushes: PushOutcome[];
}

/**
 * The daily run (at 03:45, at the console's start, from cron or the systemd timer): the local
 * backup when due, then every destination that lacks the newest daily backup gets it. So a
 * push that failed (destination down, credential revoked) is tried again at the next run, and
 * a failed push is only recorded: the local backup is made first, whatever happens after.
 */
export async function runScheduledBackup(store: Store, paths: DataPaths, now = new Date(), options: PushOptions = {}): Promise<ScheduledRun> {
  const created = await runScheduledBackupIfDue(store, paths, now);
  const newest = newestScheduledBackup(paths);
  const destinations = allDestinations(store);
  if (!newest || destinations.length === 0) return { created, pushes: [] };
  const bytes = readFileSync(newest.path);
  const sha256 = sha256Hex(bytes);
  const pending = destinations.filter((destination) => destination.pushedSha256 !== sha256);
  if (pending.length === 0) return { created, pushes: [] };
  return { created, pushes: await pushBackupBytes(store, pending, { path: newest.path, bytes, sha256 }, options) };
}

export interface ManualPush {
  /** The daily backup pushed. */
  backup: BackupEntry;
  /** True when it was made now, because the day's was due. */
  created: boolean;
  pushes: PushOutcome[];
}

/**
 * `backup push`: the newest daily backup (made first when the day's is due) to one destination
 * or all, now, to the recipients or with a passphrase. Refused before anything is sent when
 * there is nothing to encrypt to.
 */
export async function pushNewestBackup(store: Store, paths: DataPaths, options: ManualPushOptions & { destination?: string; now?: Date } = {}): Promise<ManualPush> {
  const { destination, now, ...pushOptions } = options;
  const destinations = destinationsToPush(store, destination);
  if (pushOptions.passphrase === undefined) requireRecipients(store);
  const created = await runScheduledBackupIfDue(store, paths, now ?? new Date());
  const backup = newestScheduledBackup(paths)!;
  return { backup, created: created !== null, pushes: await pushLocalBackup(store, destinations, backup.path, pushOptions) };
}

function newestScheduledBackup(paths: DataPaths): BackupEntry | undefined {
  return listBackups(paths).find((entry) => entry.kind === 'scheduled');
}

export function retentionOf(store: Store): number {
  const value = store.settings.getNumber(SETTING_BACKUP_RETENTION, DEFAULT_RETENTION);
  return Number.isInteger(value) && value >= 1 ? value : DEFAULT_RETENTION;
}

/** The same bound as a destination's: no one keeps ten years of daily backups by mistake. */
export const MAX_RETENTION = MAX_DESTINATION_KEEP;

/** A whole number of backups from 1 to MAX_RETENTION. */
export function checkRetention(keep: number): number {
  if (!Number.isInteger(keep) || keep < 1 || keep > MAX_RETENTION) throw new UserError(`The retention must be a whole number of backups from 1 to ${MAX_RETENTION}.`, 2);
  return keep;
}

export function setRetention(store: Store, keep: number): void {
  store.settings.set(SETTING_BACKUP_RETENTION, String(checkRetention(keep)));
  store.audit.record('update', 'setting', SETTING_BACKUP_RETENTION, `keep ${keep} backups`);
}

/** Keeps the newest `keep` backups of a kind. */
function prune(paths: DataPaths, kind: BackupKind, keep: number): void {
  const ofKind = listBackups(paths).filter((entry) => entry.kind === kind);
  for (const old of ofKind.slice(keep)) rmSync(old.path, { force: true });
}

/**
 * While the console runs: catch up a due backup (and retry a failed push) now, then run at
 * every 03:45. `runBackup` is runScheduledBackup on the store as it is at that time (an
 * upload may have replaced it); the console runs it off its UI thread (offThread/).
 */
export function startBackupScheduler(
  runBackup: (now: Date) => Promise<ScheduledRun>,
  report: (outcome: { entry: BackupEntry | null; pushes: PushOutcome[] } | { error: Error }) => void,
  now: () => Date = () => new Date(),
  firstRunDelayMs = 0,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = async () => {
    try {
      const { created, pushes } = await runBackup(now());
      if (created || pushes.length > 0) report({ entry: created, pushes });
    } catch (error) {
      report({ error: error as Error });
    }
    if (!stopped) schedule();
  };
  const schedule = () => {
    // Timers drift and clocks change: wake at the slot, and re-check "due" rather than trust the wait.
    const wait = Math.max(1000, Math.min(nextBackupSlot(now()).getTime() - now().getTime() + 1000, 6 * 60 * 60 * 1000));
    timer = setTimeout(run, wait);
    timer.unref();
  };
  timer = setTimeout(run, firstRunDelayMs);
  timer.unref();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
