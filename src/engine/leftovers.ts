import { randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What an interrupted process leaves behind (kill -9, a power cut): temp files of atomic
 * writes, which may hold the seed or pool keys. Each name carries the writer's process id,
 * so a sweep removes only those whose writer is gone, never the file another live process
 * is writing right now.
 */

/** `.NAME.<pid>-<12 hex>.tmp`, as fsSafe's writeFileAtomic names its temp files. */
const TEMP_FILE = /^\.(?<target>.+)\.(?<pid>\d+)-[0-9a-f]{12}\.tmp$/;
/** Names used by earlier versions, which carried no process id: no live writer can own them any more. */
const EARLIER_LEFTOVERS = [/^\..+\.[0-9a-f]{12}\.tmp$/, /^\.(snapshot|upload|truenas)-[0-9a-f]{12}\.db(-wal|-shm|-journal)?$/];

/** The temp file name for an atomic write of `target` by this process. */
export function tempFileName(target: string): string {
  return `.${target}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
}

/** `nasconsole-<purpose>-<pid>-`: the prefix of a temporary rclone config dir (mkdtemp adds six characters). */
export function rcloneTempDirPrefix(purpose: string): string {
  return `nasconsole-${purpose}-${process.pid}-`;
}

const RCLONE_TEMP_DIR = /^nasconsole-[a-z]+-(?<pid>\d+)-[A-Za-z0-9]{6}$/;

/**
 * Temporary rclone configs left in the temp dir by processes of ours that were killed: they
 * hold a credential. Only directories this user owns, whose process is gone.
 */
export function sweepRcloneTempDirs(dir = tmpdir()): string[] {
  return removeEntries(dir, 'directory', (name) => {
    const match = RCLONE_TEMP_DIR.exec(name);
    return match?.groups !== undefined && !isAlive(Number(match.groups.pid));
  });
}

/** Removes the leftovers of dead writers in `dir` whose target name passes `targets`; returns their names. */
export function sweepLeftovers(dir: string, targets: (name: string) => boolean = () => true): string[] {
  return removeEntries(dir, 'file', (name) => isLeftover(name, targets));
}

/**
 * Removes the entries of `dir` that `chosen` picks and that are of `kind` and this user's
 * (a link, or another user's entry, is not ours to remove); returns their names.
 */
function removeEntries(dir: string, kind: 'file' | 'directory', chosen: (name: string) => boolean): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.filter(chosen)) {
    const path = join(dir, name);
    try {
      const stat = lstatSync(path);
      if ((kind === 'file' ? !stat.isFile() : !stat.isDirectory()) || stat.uid !== process.getuid?.()) continue;
      rmSync(path, { recursive: kind === 'directory', force: true });
      removed.push(name);
    } catch {
      // gone already: nothing to do
    }
  }
  return removed;
}

function isLeftover(name: string, targets: (name: string) => boolean): boolean {
  const match = TEMP_FILE.exec(name);
  if (match?.groups) return targets(match.groups.target!) && !isAlive(Number(match.groups.pid));
  return EARLIER_LEFTOVERS.some((pattern) => pattern.test(name)) && targets(name.replace(/^\./, '').replace(/\.[0-9a-f]{12}\.tmp$/, ''));
}

/** Whether a process with this id runs (EPERM: it does, as another user). */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return true; // ours are removed by the writer itself (see tempFiles.ts)
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
