/**
 * The console on a serial line: a pty with no size (0x0) and no SIGWINCH, whose terminal may or
 * may not answer the cursor-position request, and a vt100 TERM with a UTF-8 locale.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { CLI_PATH } from '../helpers/cli.js';
import { emulate } from '../../testing/fakeTerminal.js';

const DRIVER = fileURLToPath(new URL('../harness/serialTerminal.py', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'nasconsole-serial-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs the console on the serial pty through `steps` (see serialTerminal.py); resolves with all it wrote. */
function onSerialLine(steps: string[], env: Record<string, string>): Promise<{ code: number | null; output: Buffer }> {
  const dir = mkdtempSync(join(root, 'run-'));
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [DRIVER, ...steps, '--', process.execPath, CLI_PATH, '--data-dir', join(dir, 'data')], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'false', NASCONSOLE_CONFIG_DIR: join(dir, 'conf'), ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks) }));
  });
}

/** What the alternate screen showed when the console quit (everything before leaving it). */
const lastScreen = (output: Buffer, columns: number, rows: number) => emulate(output.toString('utf8').split('\u001B[?1049l')[0]!, columns, rows);
const utf8 = { TERM: 'xterm-256color', LANG: 'C.UTF-8' };

describe('the console on a serial line', () => {
  test('a pty reporting 0x0 is asked for its size; the answer (100x30) is adopted and is not taken as keys', async () => {
    const { code, output } = await onSerialLine(['answer:30;100', 'expect:Recent changes', 'send:\\x1b[B', 'expect:\\x1b[', 'send:q'], utf8);
    expect(code).toBe(0);
    const screen = lastScreen(output, 100, 30);
    expect(screen[0]).toMatch(/^\[1 General\]/); // an answer read as F3 would have switched screens
    expect(screen[28]).toMatch(/^.{81,}q quit$/); // the footer reaches past column 80, on the 29th row
  });

  test('a terminal that never answers gets an 80x24 picture, and keys work at once', async () => {
    const { code, output } = await onSerialLine(['expect:Recent changes', 'send:\\x1b[B', 'expect:\\x1b[', 'send:q'], utf8);
    expect(code).toBe(0);
    expect(output.toString('utf8')).toContain('\u001B[6n');
    const screen = lastScreen(output, 80, 24);
    expect(screen[22]).toMatch(/q quit$/);
    const pointer = screen.findIndex((line) => line.startsWith('›'));
    expect(screen[pointer - 1]).toMatch(/^ \S/); // Down moved the pointer off the first action
  });

  test('TERM=vt100 with a UTF-8 locale paints only ASCII', async () => {
    const { code, output } = await onSerialLine(['expect:Recent changes', 'send:\\x1b[B', 'expect:\\x1b[', 'send:2', 'expect:Cloud', 'send:q'], { TERM: 'vt100', LANG: 'C.UTF-8' });
    expect(code).toBe(0);
    expect([...output].filter((byte) => byte >= 0x80)).toEqual([]);
    expect(output.toString('latin1')).not.toMatch(/\u001B\[(22|27|39|49)m/); // a vt100 knows only SGR 0/1/4/5/7
  });
});
