import { createHash } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, lstatSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../common/errors.js';
import { printable } from '../common/printable.js';
import { tempFileName } from './leftovers.js';
import { forgetTempFile, trackTempFile } from './tempFiles.js';


export interface WriteOptions {
  /** File mode, exactly (the umask is not applied). Default 0600. */
  mode?: number;
  /**
   * `replace`: an existing regular file is replaced (never a link, device or directory).
   * `refuse`: an existing target is refused, atomically (two writers cannot both win).
   */
  existing?: 'replace' | 'refuse';
}

/** Thrown when the target exists and the caller did not ask to replace it. */
export class TargetExistsError extends UserError {
  constructor(readonly path: string) {
    super(`${printable(path)} already exists.`, { reason: 'target-exists' });
    this.name = 'TargetExistsError';
  }
}

/**
 * Refuses a target we must not write over: a symbolic link (it would be replaced by a file, or
 * followed somewhere else), a device, FIFO, socket or directory. Missing is fine.
 */
export function checkWriteTarget(path: string, existing: 'replace' | 'refuse' = 'replace'): void {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return;
  }
  if (stat.isSymbolicLink()) throw new UserError(`${printable(path)} is a symbolic link: give the path of a regular file.`);
  if (stat.isDirectory()) throw new UserError(`${printable(path)} is a directory.`);
  if (!stat.isFile()) throw new UserError(`${printable(path)} is not a regular file (a device, FIFO or socket): refusing to write over it.`);
  if (existing === 'refuse') throw new TargetExistsError(path);
}

/**
 * Writes `path` so that a reader sees the old file or the new one, never half of either: a
 * temp file beside it, fsync, rename (or link, when an existing target is refused), fsync the
 * directory. The temp file is removed on every way out, a signal included (see tempFiles.ts);
 * after a kill -9, the next start sweeps it (leftovers.ts).
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, modeOrOptions: number | WriteOptions = {}): void {
  const options = typeof modeOrOptions === 'number' ? { mode: modeOrOptions } : modeOrOptions;
  const mode = options.mode ?? 0o600;
  const existing = options.existing ?? 'replace';
  checkWriteTarget(path, existing);
  const dir = dirname(path);
  const temp = join(dir, tempFileName(basename(path)));
  // Tracked before it exists: an engine worker terminated right after the open leaves none untracked.
  trackTempFile(temp);
  let fd: number;
  try {
    fd = openSync(temp, 'wx', mode);
  } catch (error) {
    forgetTempFile(temp);
    throw error;
  }
  try {
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(temp, mode); // the umask may have narrowed or (for 'wx') kept the mode; make it exact
    if (existing === 'refuse') {
      try {
        linkSync(temp, path); // fails with EEXIST if another writer got there first
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new TargetExistsError(path);
        throw error;
      }
    } else {
      renameSync(temp, path);
    }
  } finally {
    rmSync(temp, { force: true });
    forgetTempFile(temp);
  }
  fsyncDir(dir);
}

/** Makes a rename or create inside `dir` durable. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha256File(path: string): string {
  return sha256Hex(readFileSync(path));
}

export function fileMode(path: string): number {
  return statSync(path).mode & 0o777;
}
