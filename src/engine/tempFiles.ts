import { rmSync } from 'node:fs';

/**
 * Temp files in flight (a save's archive before its rename, a staged upload, a snapshot):
 * they may hold the seed or pool keys. A signal handler of the entry point calls
 * `removeTempFilesInFlight` before the process ends, so Ctrl-C or SIGTERM leaves none behind
 * (kill -9 cannot be caught: the next start sweeps those, see leftovers.ts).
 */
const inFlight = new Set<string>();

/** Told of each temp file as it is tracked and forgotten: an engine worker tells its parent thread (offThread/). */
export interface TempFileObserver {
  track(path: string): void;
  forget(path: string): void;
}
let observer: TempFileObserver | undefined;

/** A temp file or directory in flight; the writer forgets it once it is renamed or removed. */
export function trackTempFile(path: string): void {
  inFlight.add(path);
  observer?.track(path);
}

export function forgetTempFile(path: string): void {
  inFlight.delete(path);
  observer?.forget(path);
}

export function observeTempFiles(next: TempFileObserver): void {
  observer = next;
}

/** Removes every tracked temp file or directory (a temporary rclone config). */
export function removeTempFilesInFlight(): void {
  for (const path of inFlight) rmSync(path, { recursive: true, force: true });
  inFlight.clear();
}
