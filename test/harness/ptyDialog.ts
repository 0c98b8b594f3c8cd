/**
 * The built CLI on a real pseudo-terminal (see ptyDialog.py), for what it does only on a
 * terminal: prompts and questions. Each [expected text, answer] pair is one exchange.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLI_PATH } from '../helpers/cli.js';

const DRIVER = fileURLToPath(new URL('./ptyDialog.py', import.meta.url));

export interface TerminalRun {
  code: number | null;
  /** Everything the command wrote to the terminal (stdout and stderr, with the echoed answers). */
  transcript: string;
}

export function runCliOnTerminal(args: string[], dialog: [expect: string, answer: string][], env: NodeJS.ProcessEnv = {}): Promise<TerminalRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [DRIVER, ...dialog.flat(), '--', process.execPath, CLI_PATH, ...args], {
      env: { ...process.env, NASCONSOLE_DATA_DIR: undefined, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let transcript = '';
    child.stdout.on('data', (chunk) => (transcript += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, transcript }));
  });
}
