import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

/**
 * What a cancelled piece of work could leave behind in this process: live child processes
 * (rclone) and temporary rclone config directories named with our process id.
 */

/** Command names (`comm`) of the live children of `parent` (this process by default), from /proc. */
export function childProcessNames(parent = process.pid): string[] {
  const names: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read from the last ')'.
    const close = stat.lastIndexOf(')');
    const [state, ppid] = stat.slice(close + 2).split(' ');
    if (Number(ppid) === parent && state !== 'Z') names.push(stat.slice(stat.indexOf('(') + 1, close));
  }
  return names;
}

/** The temporary rclone directories of this process (`nasconsole-<purpose>-<pid>-...`). */
export function rcloneTempDirs(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('nasconsole-') && name.includes(`-${process.pid}-`));
}
