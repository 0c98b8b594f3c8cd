import React, { useState } from 'react';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { runConsole, type RunConsoleOptions } from '../../src/cli/tui.js';
import { ENTER_FULL_SCREEN, LEAVE_FULL_SCREEN } from '../../src/cli/fullScreenOutput.js';
import { List } from '../../src/widgets/List.js';
import { useKeys } from '../../src/widgets/use-keys.js';
import type { ScreenDefinition, ScreenProps } from '../../src/screens/screenContract.js';
import { testScreens } from './screens.js';
import { emulate, emulateScreen, fakeTerminal } from '../../testing/fakeTerminal.js';

const TOKEN = 'AKIAIOSFODNN7EXAMPLEwJalrXUtnFEMIK7MDENGbPxRfiCY';

const credentials = Array.from({ length: 10_000 }, (_, i) => ({ name: `credential-${i}`, provider: ['S3', 'SFTP', 'B2'][i % 3]!, state: i % 7 ? 'verified' : 'never verified' }));

function BigListScreen({ active, size }: ScreenProps) {
  const [explode, setExplode] = useState(false);
  useKeys((key) => {
    if (key.name === 'char' && key.text === 'x') setExplode(true);
  }, { isActive: active });
  if (explode) throw new Error(`could not use token ${TOKEN}`);
  return (
    <List
      items={credentials}
      width={size.columns}
      height={size.rows}
      isActive={active}
      columns={[{ header: 'Name', value: (c) => c.name, width: 24 }, { header: 'Provider', value: (c) => c.provider, width: 10 }, { header: 'State', value: (c) => c.state }]}
    />
  );
}

const screens: ScreenDefinition[] = [{ id: 'big', title: 'Cloud Credentials', component: BigListScreen }, ...testScreens];

const wideNames = ['名前-バックアップ', '🙂-backup', 'plain-name', 'e\u0301cole-sftp'];

function WideNamesScreen({ active, size }: ScreenProps) {
  const rows = wideNames.map((name, index) => ({ name, provider: ['S3', 'SFTP', 'B2', 'FTP'][index]! }));
  return <List items={rows} width={size.columns} height={size.rows} isActive={active} columns={[{ header: 'Name', value: (c) => c.name, width: 16 }, { header: 'Provider', value: (c) => c.provider }]} />;
}

function start(options: Partial<RunConsoleOptions> = {}, [columns, rows] = [80, 24]) {
  const terminal = fakeTerminal(columns, rows);
  const crashLogPath = join(mkdtempSync(join(tmpdir(), 'nasconsole-test-')), 'logs', 'crash.log');
  const exit = runConsole({
    services: {},
    screens,
    crashLogPath,
    env: { LANG: 'C.UTF-8', TERM: 'xterm' },
    escapeDelayMs: 20,
    ...terminal,
    ...options,
  } as RunConsoleOptions);
  const screen = (size: readonly [number, number] = [terminal.stdout.columns || 80, terminal.stdout.rows || 24]) => emulate(terminal.stdout.output, ...size);
  const until = async (predicate: () => boolean) => {
    const deadline = Date.now() + 3000;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out; screen:\n${screen().join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setImmediate(resolve)); // the paint of that frame
  };
  /** Until the output has stayed the same for a moment: the previous key is fully painted. */
  const quiet = async () => {
    for (let length = -1; length !== terminal.stdout.output.length; ) {
      length = terminal.stdout.output.length;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  /** Types a key and resolves with the bytes written for it, once the screen stopped changing. */
  const bytesFor = async (key: string) => {
    await quiet();
    const before = terminal.stdout.output.length;
    terminal.stdin.type(key);
    await until(() => terminal.stdout.output.length > before);
    await quiet();
    return Buffer.byteLength(terminal.stdout.output.slice(before));
  };
  return { ...terminal, exit, screen, until, bytesFor, crashLogPath };
}

describe('runConsole', () => {
  test('without a terminal it says so in one line, points to --help, and returns 1', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.ReadStream;
    const { stdout, stderr } = fakeTerminal();
    expect(await runConsole({ services: {}, stdin, stdout: stdout as never, stderr: stderr as never })).toBe(1);
    expect(stdout.output).toBe('');
    expect(stderr.output.trim().split('\n')).toHaveLength(1);
    expect(stderr.output).toContain('needs an interactive terminal');
    expect(stderr.output).toContain('nasconsole --help');
  });

  test('draws in the alternate screen, in 23 rows of 80x24, and restores the terminal when the user quits', async () => {
    const app = start();
    await app.until(() => app.screen()[0]!.startsWith('[1 Cloud Credentials]'));
    expect(app.stdout.output.startsWith(ENTER_FULL_SCREEN)).toBe(true);
    expect(app.screen()[23]).toBe('');
    expect(app.screen()[22]).toMatch(/F1 help {2}q quit$/);
    app.stdin.type('q');
    expect(await app.exit).toBe(0);
    expect(app.stdout.output.endsWith(LEAVE_FULL_SCREEN)).toBe(true);
    expect(app.stdin.rawModes.at(-1)).toBe(false);
  });

  test('moving the selection in a list of 10,000 writes at most 64 bytes, typing in a form at most 30', async () => {
    const app = start();
    await app.until(() => app.screen()[2]!.includes('credential-0'));
    const moves = [await app.bytesFor('\u001B[B'), await app.bytesFor('\u001B[B'), await app.bytesFor('\u001B[A')];
    expect(app.screen()[3]).toMatch(/^›credential-1 /);
    expect(Math.max(...moves)).toBeLessThanOrEqual(64);
    await app.bytesFor('2');
    await app.bytesFor('a');
    const typing = [await app.bytesFor('n'), await app.bytesFor('a'), await app.bytesFor('s')];
    expect(app.screen()[1]).toMatch(/^› Name\s+nas/);
    expect(Math.max(...typing)).toBeLessThanOrEqual(30);
    app.stdin.type('\u0003'); // "quit anyway?" (the form has changes) ...
    app.stdin.type('\u0003'); // ... and a second Ctrl-C in the same breath quits
    expect(await app.exit).toBe(0);
  });

  test('repaints the whole screen after a resize', async () => {
    const app = start();
    await app.until(() => app.screen()[2]!.includes('credential-0'));
    app.stdout.resize(120, 40);
    await app.until(() => app.screen()[38]!.includes('q quit'));
    expect(app.screen()[0]).toMatch(/^\[1 Cloud Credentials\]/);
    expect(app.screen()[1]).toMatch(/1-35\/10000$/);
    app.stdin.type('q');
    await app.exit;
  });

  test('Ctrl-L redraws the whole screen after something scribbled on it, and is not taken as a key', async () => {
    const app = start();
    await app.until(() => app.screen()[2]!.includes('credential-0'));
    await app.bytesFor('\u001B[B');
    const whole = app.screen();
    app.stdout.output += '\u001B[5;10Hgarbage\u001B[12;1H\u001B[2K\u001B[20;3Hmore';
    expect(app.screen()).not.toEqual(whole);
    await app.bytesFor('\u000C');
    expect(app.screen()).toEqual(whole);
    app.stdin.type('q');
    expect(await app.exit).toBe(0);
  });

  test('a terminal that reports no size is asked with a cursor-position report, and its answer sets the size without being taken as keys', async () => {
    const app = start({}, [0, 0]);
    await app.until(() => app.screen()[2]!.includes('credential-0'));
    expect(app.stdout.output).toContain('\u001B[999;999H\u001B[6n');
    expect(app.screen()[22]).toMatch(/q quit$/); // 80x24 meanwhile
    app.stdin.type('\u001B[30;'); // the answer, split over two reads as on a slow line
    app.stdin.type('100R');
    await app.until(() => app.screen([100, 30])[28]!.includes('q quit'));
    expect(app.screen([100, 30])[28]).toMatch(/^.{80,}q quit$/);
    expect(app.screen([100, 30])[0]).toMatch(/^\[1 Cloud Credentials\]/); // not F3's screen
    // Ctrl-L asks again: no SIGWINCH on a serial line
    const asked = app.stdout.output.split('\u001B[6n').length;
    await app.bytesFor('\u000C');
    expect(app.stdout.output.split('\u001B[6n').length).toBe(asked + 1);
    app.stdin.type('q');
    expect(await app.exit).toBe(0);
  });

  test('an answer that comes at once is waited for: a serial line gets one picture, at the right size', async () => {
    const app = start({}, [0, 0]);
    await app.until(() => app.stdin.listenerCount('readable') > 0);
    app.stdin.type('\u001B[30;100R');
    await app.until(() => app.screen([100, 30])[28]!.includes('q quit'));
    expect(app.stdout.output.split('\u001B[H\u001B[2J')).toHaveLength(3); // entering the screen, and one picture
    app.stdin.type('q');
    expect(await app.exit).toBe(0);
  });

  test('a terminal that never answers the size request keeps 80x24 and its keys work at once', async () => {
    const app = start({}, [0, 0]);
    await app.until(() => app.screen()[2]!.includes('credential-0'));
    await app.bytesFor('\u001B[B');
    expect(app.screen()[3]).toMatch(/^›credential-1 /);
    app.stdin.type('q');
    expect(await app.exit).toBe(0);
  });

  test('names with wide characters (CJK, emoji) keep the columns after them aligned', async () => {
    const app = start({ screens: [{ id: 'wide', title: 'Wide', component: WideNamesScreen }, ...testScreens] });
    await app.until(() => app.screen().some((line) => line.includes('plain-name')));
    const shown = emulateScreen(app.stdout.output, 80, 24);
    const providerColumn = (row: number) => shown.cells[row]!.findIndex((cell, column) => column > 1 && /^[A-Z]$/.test(cell) && shown.cells[row]![column - 1] === ' ' && column > 10);
    const columns = [2, 3, 4, 5].map(providerColumn);
    expect(shown.lines.slice(2, 6).map((line) => line.trimEnd().split(/ +/).at(-1))).toEqual(['S3', 'SFTP', 'B2', 'FTP']);
    expect(new Set(columns).size).toBe(1);
    app.stdin.type('q');
    expect(await app.exit).toBe(0);
  });

  test('a screen that throws: terminal restored, one line naming the crash log, the log 0600 without the secret', async () => {
    const app = start();
    await app.until(() => app.screen()[2]!.includes('credential-0'));
    app.stdin.type('x');
    expect(await app.exit).toBe(1);
    expect(app.stdout.output.endsWith(LEAVE_FULL_SCREEN)).toBe(true);
    expect(app.stderr.output.trim().split('\n')).toEqual([`nasconsole: internal error (Error); details in ${app.crashLogPath}`]);
    expect(statSync(app.crashLogPath).mode & 0o777).toBe(0o600);
    const log = readFileSync(app.crashLogPath, 'utf8');
    expect(log).toContain('BigListScreen');
    expect(log).not.toContain(TOKEN.slice(0, 20));
  });

  test('SIGTERM restores the terminal and returns 143', async () => {
    const app = start();
    await app.until(() => app.screen()[2]!.includes('credential-0'));
    process.emit('SIGTERM', 'SIGTERM');
    expect(await app.exit).toBe(143);
    expect(app.stdout.output.endsWith(LEAVE_FULL_SCREEN)).toBe(true);
  });

  test('an uncaught exception restores the terminal and writes the crash log', async () => {
    // The test runner's own listeners would report this staged error: set them aside first.
    const runners = process.listeners('uncaughtException');
    for (const listener of runners) process.off('uncaughtException', listener);
    try {
      const app = start();
      await app.until(() => app.screen()[2]!.includes('credential-0'));
      const emit = process.emit.bind(process) as (event: string, ...args: unknown[]) => boolean;
      emit('uncaughtException', new TypeError('staged failure'), 'uncaughtException');
      expect(await app.exit).toBe(1);
      expect(app.stdout.output.endsWith(LEAVE_FULL_SCREEN)).toBe(true);
      expect(readFileSync(app.crashLogPath, 'utf8')).toContain('TypeError: staged failure');
      expect(process.listeners('uncaughtException')).toEqual([]);
    } finally {
      for (const listener of runners) process.on('uncaughtException', listener);
    }
  });
});
