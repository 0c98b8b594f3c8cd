import { join } from 'node:path';
import type { TerminalProfile } from './terminals.js';
import { TmuxTerminal } from './tmuxTerminal.js';

const terminals: TmuxTerminal[] = [];

/** The built console on `dataDir`, in a tmux pty shaped like `profile`, at its first frame. */
export async function openConsole(profile: TerminalProfile, dataDir: string): Promise<TmuxTerminal> {
  const terminal = await TmuxTerminal.start({
    columns: profile.columns,
    rows: profile.rows,
    args: [...profile.args, '--data-dir', dataDir],
    env: { ...profile.env, NASCONSOLE_CONFIG_DIR: join(dataDir, '..', 'conf') },
  });
  terminals.push(terminal);
  await terminal.waitFor('Recent changes');
  return terminal;
}

export function stopTerminals(): void {
  for (const terminal of terminals.splice(0)) terminal.stop();
}
