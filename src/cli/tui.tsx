import { chmodSync, closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import React from 'react';
import { render } from 'ink';
import { App } from '../screens/App.js';
import type { ScreenDefinition } from '../screens/screenContract.js';
import { createTheme } from '../widgets/theme.js';
import { ENTER_FULL_SCREEN, FullScreenOutput, LEAVE_FULL_SCREEN } from './fullScreenOutput.js';
import { detectTerminal, whyNotInteractive } from './terminal.js';
import { TerminalInput } from './terminalInput.js';

export interface RunConsoleOptions {
  /** Passed to every screen untouched (see AppServices in src/screens/types.ts). */
  readonly services: unknown;
  readonly ascii?: boolean | undefined;
  readonly noColor?: boolean | undefined;
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
  readonly stderr?: NodeJS.WriteStream;
  /** Where a crash writes its stack (mode 0600); default: the temp dir. */
  readonly crashLogPath?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  /** Default: src/screens/registry.ts. */
  readonly screens?: readonly ScreenDefinition[];
  readonly escapeDelayMs?: number;
}

/** 0: the user quit. 1: no interactive terminal, or a crash. 128+n: ended by signal n. */
export type ConsoleExitCode = number;

const SIGNAL_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
type HandledSignal = keyof typeof SIGNAL_CODES;

// PEM blocks and long base64/hex runs: a stack should hold neither, but a log must not leak one.
function redactSecrets(text: string): string {
  return text
    .replace(/-----BEGIN [^-]+-----[\s\S]*?(-----END [^-]+-----|$)/g, '[redacted key]')
    .replace(/[A-Za-z0-9+=_-]{32,}/g, '[redacted]');
}

function writeCrashLog(path: string, error: unknown): void {
  const detail = error instanceof Error ? error.stack ?? `${error.name}: ${error.message}` : `non-Error thrown: ${typeof error}`;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const fd = openSync(path, 'w', 0o600);
  try {
    writeSync(fd, `nasconsole crash at ${new Date().toISOString()} (node ${process.version})\n${redactSecrets(detail)}\n`);
  } finally {
    closeSync(fd);
  }
  chmodSync(path, 0o600); // an existing file keeps its mode on open
}

/**
 * Console output would land in the middle of the picture: hold it and print it after the
 * terminal is restored.
 */
function holdConsole(): () => string[] {
  const held: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = methods.map((method) => console[method]);
  for (const method of methods) {
    console[method] = (...args: unknown[]) => {
      if (held.length < 50) held.push(args.map(String).join(' '));
    };
  }
  return () => {
    methods.forEach((method, index) => (console[method] = originals[index]!));
    return held;
  };
}

/**
 * Runs the full-screen console until the user quits. Resolves with an exit code for the
 * caller to pass to process.exit (see ConsoleExitCode); it never calls process.exit itself
 * and never rejects. Without an interactive terminal it prints one line pointing to the
 * scripted subcommands and resolves with 1 before Ink is loaded into the picture.
 * The terminal (alternate screen, cursor, raw mode) is restored on every way out: quit,
 * Ctrl-C, SIGINT/SIGTERM/SIGHUP, an exception in a screen, an uncaught exception or an
 * unhandled rejection (these also write a crash log and print its path).
 */
export async function runConsole(options: RunConsoleOptions): Promise<ConsoleExitCode> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const problem = whyNotInteractive(stdin, stdout);
  if (problem) {
    stderr.write(`nasconsole: the console needs an interactive terminal (${problem}); see \`nasconsole --help\` for the scripted subcommands.\n`);
    return 1;
  }

  const profile = detectTerminal(options, options.env ?? process.env);
  const screen = new FullScreenOutput(stdout, { resetOnlySgr: profile.basicAttributes });
  // A serial line has no size and no SIGWINCH: ask the terminal at start and on every Ctrl-L.
  const askSizeIfUnknown = () => {
    if (!screen.sizeUnknown) return;
    input.expectReport();
    screen.askSize();
  };
  const input = new TerminalInput(stdin, {
    onRedraw: () => {
      screen.repaint();
      askSizeIfUnknown();
    },
    onCursorReport: (row, column) => screen.adoptSize(column, row),
  });
  const crashLogPath = options.crashLogPath ?? join(tmpdir(), `nasconsole-crash-${process.pid}.log`);
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    screen.close();
    try {
      if (stdin.isTTY) stdin.setRawMode(false);
    } catch {
      // the terminal may be gone (SIGHUP); nothing left to restore then
    }
    stdout.write(LEAVE_FULL_SCREEN);
  };
  const releaseConsole = holdConsole();
  stdout.write(ENTER_FULL_SCREEN);
  askSizeIfUnknown();
  process.on('exit', restore);

  return new Promise<ConsoleExitCode>((resolve) => {
    let finished = false;
    let instance: ReturnType<typeof render> | undefined;
    const finish = (code: ConsoleExitCode, message?: string) => {
      if (finished) return;
      finished = true;
      try {
        instance?.unmount();
      } catch {
        // unmounting a crashed tree may throw again; the terminal is restored below regardless
      }
      restore();
      for (const line of releaseConsole()) stderr.write(`${line}\n`);
      if (message) stderr.write(`${message}\n`);
      process.off('exit', restore);
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
      // Later: signal-exit (inside Ink) re-raises a signal that no one else listens to.
      setImmediate(() => {
        for (const signal of Object.keys(SIGNAL_CODES)) process.off(signal, onSignal);
      });
      resolve(code);
    };
    const onSignal = (signal: HandledSignal) => finish(SIGNAL_CODES[signal] ?? 1);
    const onCrash = (error: unknown) => {
      let where = crashLogPath;
      try {
        writeCrashLog(crashLogPath, error);
      } catch {
        where = '(the crash log could not be written)';
      }
      const name = error instanceof Error ? error.name : 'error';
      finish(1, `nasconsole: internal error (${name}); details in ${where}`);
    };

    for (const signal of Object.keys(SIGNAL_CODES)) process.on(signal, onSignal);
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    try {
      instance = render(
        <App services={options.services} theme={createTheme(profile)} {...(options.screens ? { screens: options.screens } : {})} {...(options.escapeDelayMs === undefined ? {} : { escapeDelayMs: options.escapeDelayMs })} />,
        // debug: every frame goes whole to FullScreenOutput, which paints only what changed.
        { stdout: screen as unknown as NodeJS.WriteStream, stdin: input as unknown as NodeJS.ReadStream, stderr, debug: true, exitOnCtrlC: false, patchConsole: false },
      );
      instance.waitUntilExit().then(() => finish(0), onCrash);
    } catch (error) {
      onCrash(error);
    }
  });
}
