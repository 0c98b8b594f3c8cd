import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { CLI_PATH } from '../helpers/cli.js';

const run = promisify(execFile);

export interface TerminalOptions {
  columns: number;
  rows: number;
  /** Extra arguments for nasconsole (e.g. --ascii, --data-dir). */
  args: string[];
  env: Record<string, string>;
}

/**
 * The real built console in a real pty: a detached tmux session of the given size. Keys go in
 * with send-keys; the screen comes back with capture-pane. Its own tmux server socket (-L), so
 * tests never touch a user's tmux.
 */
export class TmuxTerminal {
  private readonly socket = `nasconsole-e2e-${randomBytes(4).toString('hex')}`;
  private readonly session = 'console';
  readonly screens: string[] = [];

  static async start(options: TerminalOptions): Promise<TmuxTerminal> {
    const terminal = new TmuxTerminal();
    const env = Object.entries({ CI: 'false', ...options.env }).map(([key, value]) => `${key}=${shellQuote(value)}`);
    // `exec env -i`: the child gets exactly the environment the test names (plus PATH/HOME),
    // not the test runner's (CI=true there would make Ink draw only its last frame).
    const command = `exec env -i PATH=${shellQuote(process.env.PATH ?? '/usr/bin:/bin')} HOME=${shellQuote(process.env.HOME ?? '/root')} ${env.join(' ')} ${shellQuote(process.execPath)} ${shellQuote(CLI_PATH)} ${options.args.map(shellQuote).join(' ')}`;
    await terminal.tmux('new-session', '-d', '-s', terminal.session, '-x', String(options.columns), '-y', String(options.rows), command);
    await terminal.tmux('set-option', '-t', terminal.session, 'remain-on-exit', 'on');
    return terminal;
  }

  /** Sends tmux key names (Enter, Escape, Tab, BTab, Up, Down, C-c...) or literal text with `literal`. */
  async keys(...keys: string[]): Promise<void> {
    for (const key of keys) {
      await this.tmux('send-keys', '-t', this.session, key);
      // As in any terminal program, Escape followed within the escape delay by another byte
      // reads as Alt+that key: a person's next key comes later than that.
      if (key === 'Escape') await new Promise((resolve) => setTimeout(resolve, 120));
    }
  }

  async type(text: string): Promise<void> {
    await this.tmux('send-keys', '-t', this.session, '-l', text);
  }

  /** Pastes as a terminal does (bracketed, when the program asked for it): the text arrives as one paste. */
  async paste(text: string): Promise<void> {
    const buffer = `paste-${randomBytes(4).toString('hex')}`;
    // From stdin, not argv: what is pasted may be a secret (an identity).
    execFileSync('tmux', ['-L', this.socket, 'load-buffer', '-b', buffer, '-'], { input: text });
    await this.tmux('paste-buffer', '-p', '-d', '-b', buffer, '-t', this.session);
  }

  async capture(): Promise<string> {
    const { stdout } = await this.tmux('capture-pane', '-p', '-t', this.session);
    this.screens.push(stdout);
    return stdout;
  }

  /** The screen with its attributes as SGR codes (`capture-pane -e`): equal pictures, equal text. */
  async captureWithAttributes(): Promise<string> {
    const { stdout } = await this.tmux('capture-pane', '-p', '-e', '-t', this.session);
    return stdout;
  }

  /** Writes bytes straight to the pane's terminal, as another program on the same tty would. */
  async scribble(bytes: string): Promise<void> {
    const { stdout } = await this.tmux('display-message', '-p', '-t', this.session, '#{pane_tty}');
    writeFileSync(stdout.trim(), bytes);
  }

  /** Waits until the screen shows `text` (a string or pattern); returns that screen. */
  async waitFor(text: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = await this.capture();
      if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Timed out waiting for ${String(text)}. The screen was:\n${screen}`);
  }

  /** Waits until the screen no longer shows `text` (a dialog closed, a spinner stopped). */
  async waitForGone(text: string, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = await this.capture();
    while (screen.includes(text)) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${text} to go. The screen was:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      screen = await this.capture();
    }
    return screen;
  }

  /** The console's process id (tmux's shell execs env, which execs node). */
  async pid(): Promise<number> {
    const { stdout } = await this.tmux('display-message', '-p', '-t', this.session, '#{pane_pid}');
    return Number(stdout.trim());
  }

  async isDead(): Promise<boolean> {
    const { stdout } = await this.tmux('display-message', '-p', '-t', this.session, '#{pane_dead}');
    return stdout.trim() === '1';
  }

  async waitForExit(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await this.isDead()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('The console did not exit.');
  }

  stop(): void {
    try {
      execFileSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }

  private tmux(...args: string[]) {
    return run('tmux', ['-L', this.socket, ...args]);
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
