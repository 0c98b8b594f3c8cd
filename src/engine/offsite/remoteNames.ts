import { randomBytes } from 'node:crypto';

/**
 * The names our backups have on a destination: `<host>-nasconsole-<UTC time>.tar.age`, and
 * `.<that>.partial-<random>` while one is on its way. Retention and listings touch only names
 * of this shape: a destination may hold other files, and other machines' backups.
 */

const FINAL = /^([A-Za-z0-9.-]+)-nasconsole-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.tar\.age$/;
const TEMP = /^\.(.+)\.partial-[0-9a-f]{12}$/;

export interface RemoteBackupName {
  name: string;
  host: string;
  /** ISO time the backup was made. */
  createdAt: string;
}

export function remoteBackupName(host: string, createdAt: Date): string {
  const stamp = createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return `${host}-nasconsole-${stamp}.tar.age`;
}

export function parseRemoteBackupName(name: string): RemoteBackupName | undefined {
  const match = FINAL.exec(name);
  if (!match) return undefined;
  const [, host, year, month, day, hour, minute, second] = match;
  const createdAt = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
  if (Number.isNaN(createdAt.getTime())) return undefined;
  return { name, host: host!, createdAt: createdAt.toISOString() };
}

/** A fresh temporary name for an upload of `finalName`: hidden, and never our final shape. */
export function temporaryName(finalName: string): string {
  return `.${finalName}.partial-${randomBytes(6).toString('hex')}`;
}

/** The final name an upload left under a temporary name was for; undefined for other files. */
function finalNameOfTemporary(name: string): string | undefined {
  const match = TEMP.exec(name);
  return match && parseRemoteBackupName(match[1]!) ? match[1] : undefined;
}

/** Newest first; ties by name, so the order never depends on how a server lists. */
export function newestFirst<T extends RemoteBackupName>(backups: readonly T[]): T[] {
  return [...backups].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name));
}

/**
 * What retention removes: this host's backups beyond the newest `keep`, and uploads of this
 * host left half-done by an interrupted push (never the one of `pushing`, which may be in
 * flight from another process).
 */
export function retentionVictims(names: readonly string[], host: string, keep: number, pushing: string): string[] {
  const ours = newestFirst(names.map(parseRemoteBackupName).filter((backup): backup is RemoteBackupName => backup?.host === host));
  const stale = names.filter((name) => {
    const target = finalNameOfTemporary(name);
    return target !== undefined && target !== pushing && parseRemoteBackupName(target)!.host === host;
  });
  return [...ours.slice(keep).map((backup) => backup.name), ...stale];
}
