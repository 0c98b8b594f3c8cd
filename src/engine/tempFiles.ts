import { rmSync } from 'node:fs';

/**
 * Temp files in flight (a save's archive before its rename, a staged upload, a snapshot):
 * they may hold the seed or pool keys. A signal handler of the entry point calls
 * `removeTempFilesInFlight` before the process ends, so Ctrl-C or SIGTERM leaves none behind
 * (kill -9 cannot be caught: the next start sweeps those, see leftovers.ts).
 */
const inFlight = new Set<string>();

export function trackTempFile(path: string): void {
  inFlight.add(path);
}

export function forgetTempFile(path: string): void {
  inFlight.delete(path);
}

/** Removes every tracked temp file (and SQLite's companions of a staged database). */
export function removeTempFilesInFlight(): void {
  for (const path of inFlight) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
  }
  inFlight.clear();
}
