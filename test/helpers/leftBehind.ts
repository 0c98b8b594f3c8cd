import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

/**
 * What a cancelled piece of work could leave behind: live child processes (rclone) and
 * temporary rclone config directories named with our process id. Read from /proc.
 */

/** The live (not zombie) children of `parent`, this process by default. */
export function childPids(parent = process.pid): number[] {
  const pids: number[] = [];
  for (const thread of readdirOr(`/proc/${parent}/task`)) {
    const listed = readOr(`/proc/${parent}/task/${thread}/children`).trim();
    for (const pid of listed ? listed.split(/\s+/).map(Number) : []) if (!hasEnded(pid)) pids.push(pid);
  }
  return pids;
}

/** Command names (`comm`) of the live children of `parent`. */
export function childProcessNames(parent = process.pid): string[] {
  return childPids(parent).map((pid) => readOr(`/proc/${pid}/comm`).trim());
}

/** The argv of a process ([] once it is gone). */
export function commandLine(pid: number): string[] {
  return readOr(`/proc/${pid}/cmdline`).split('\0').filter(Boolean);
}

/** Waits (the test's timeout is the bound) for a child of `parent` whose argv matches. */
export async function childMatching(parent: number, matches: (argv: string[]) => boolean): Promise<number> {
  for (;;) {
    const child = childPids(parent).find((pid) => matches(commandLine(pid)));
    if (child !== undefined) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits (the test's timeout is the bound) until `pid` has ended: a SIGKILL is delivered at
 * once but acted on when the process is next scheduled, which on a loaded machine is later.
 */
export async function ended(pid: number): Promise<boolean> {
  while (!hasEnded(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
  return true;
}

/** Gone, or a zombie nobody has reaped yet: either way it runs no more. */
export function hasEnded(pid: number): boolean {
  if (!existsSync(`/proc/${pid}`)) return true;
  const stat = readOr(`/proc/${pid}/stat`);
  return stat === '' || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

/** The temporary rclone directories of this process (`nasconsole-<purpose>-<pid>-...`). */
export function rcloneTempDirs(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('nasconsole-') && name.includes(`-${process.pid}-`));
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process ended meanwhile
  }
}

function readdirOr(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
