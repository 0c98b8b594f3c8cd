import { hostname } from 'node:os';
import { APP_VERSION } from '../version.js';

/** YYYYMMDDHHMMSS in local time, as the original names its saved configurations. */
export function compactTimestamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

export function safeHostname(): string {
  return hostname().replace(/[^A-Za-z0-9.-]/g, '_') || 'localhost';
}

/** `<hostname>-nasconsole-<version>-<YYYYMMDDHHMMSS>.tar`, `.tar.age` when passphrase-protected. */
export function archiveFileName(date: Date, encrypted: boolean): string {
  return `${safeHostname()}-nasconsole-${APP_VERSION}-${compactTimestamp(date)}.tar${encrypted ? '.age' : ''}`;
}

/** Whether a file name is one that a save generates (so an interrupted save's temp file is ours to sweep). */
export function isArchiveFileName(name: string): boolean {
  return /-nasconsole-.+-\d{14}(-\d+)?\.tar(\.age)?$/.test(name);
}
