import type { ChildProcess } from 'node:child_process';

/**
 * Child processes in flight (rclone). A child is not ended with us: Ctrl-C on a terminal
 * reaches the whole foreground group, but a SIGTERM or SIGHUP to nasconsole alone, or the
 * console quitting during a verify, would leave rclone running on with a credential's config.
 * The entry point's exit handler calls `killChildrenInFlight` (as it removes temp files), so
 * whatever ends the process ends them too (kill -9 cannot be caught).
 */
const running = new Set<ChildProcess>();

export function trackChildProcess(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.once('error', () => running.delete(child)); // never started
}

/** SIGKILL to every tracked child: synchronous, for an exit handler. */
export function killChildrenInFlight(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
