import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENTER_FULL_SCREEN, FullScreenOutput } from '../../src/cli/fullScreenOutput.js';
import { emulate, FakeStdout } from '../../testing/fakeTerminal.js';

const frame = (...lines: string[]) => lines.join('\n');

function painter(columns = 40, rows = 6) {
  const terminal = new FakeStdout(columns, rows);
  const screen = new FullScreenOutput(terminal);
  const paint = (text: string) => {
    const before = terminal.output.length;
    screen.write(text);
    screen.paint();
    return terminal.output.slice(before);
  };
  return { terminal, screen, paint };
}

describe('full-screen output', () => {
  test('paints the first frame whole, then only the lines that changed', () => {
    const { terminal, paint } = painter();
    paint(frame('[1 General]  2 Cloud', '>\u001B[7mrow 0\u001B[27m', ' row 1', ' row 2', 'footer'));
    const written = paint(frame('[1 General]  2 Cloud', ' row 0', '>\u001B[7mrow 1\u001B[27m', ' row 2', 'footer'));
    expect(written).not.toContain('General');
    expect(written).not.toContain('row 2');
    expect(emulate(terminal.output, 40, 6)).toEqual(['[1 General]  2 Cloud', ' row 0', '>row 1', ' row 2', 'footer', '']);
  });

  test('rewrites a typed line from the first changed column', () => {
    const { terminal, paint } = painter();
    paint(frame('> Name    abc'));
    const written = paint(frame('> Name    abcd'));
    expect(written).toBe('\u001B[1;14Hd\u001B[K');
    expect(emulate(terminal.output, 40, 6)[0]).toBe('> Name    abcd');
  });

  test('clears lines a shorter frame no longer uses', () => {
    const { terminal, paint } = painter();
    paint(frame('a', 'b', 'c'));
    paint(frame('a'));
    expect(emulate(terminal.output, 40, 6).slice(0, 3)).toEqual(['a', '', '']);
  });

  test('repaints everything after a resize, whatever the terminal did to the picture', () => {
    const { terminal, screen, paint } = painter();
    const resized: number[] = [];
    screen.on('resize', () => resized.push(screen.columns));
    paint(frame('one', 'two'));
    terminal.output += '\u001B[2Jgarbage';
    terminal.resize(30, 5);
    const written = paint(frame('one', 'two'));
    expect(written.startsWith('\u001B[H\u001B[2J')).toBe(true);
    expect(emulate(terminal.output, 30, 5).slice(0, 2)).toEqual(['one', 'two']);
    expect(resized).toEqual([30]);
  });

  test('a full-width line keeps its last column (no erase after it)', () => {
    const { terminal, paint } = painter(10, 3);
    paint(frame('+--------+'));
    expect(emulate(terminal.output, 10, 3)[0]).toBe('+--------+');
  });

  test("ignores Ink's cursor sequences and empty writes, and paints nothing once closed", () => {
    const { terminal, screen, paint } = painter();
    paint(frame('hello'));
    expect(paint('\u001B[?25h')).toBe('');
    expect(paint('')).toBe('');
    screen.close();
    expect(paint('other')).toBe('');
    expect(emulate(terminal.output, 40, 6)[0]).toBe('hello');
  });
});

describe('full-screen output in a real terminal (tmux)', () => {
  const listFrame = (first: number, selected: number, rows = 14) =>
    frame(
      '[1 General]  2 Cloud Credentials',
      ...Array.from({ length: rows }, (_, i) => {
        const n = first + i;
        const text = `credential-${String(n).padStart(5, '0')}  S3  valid 2026-11-24 10:00`;
        return n === selected ? `>\u001B[7m${text}\u001B[27m` : ` ${text}`;
      }),
      'status',
      'a add  e edit  d delete  v verify',
    );

  /** Shows what `output` paints on a real 60x20 vt100 terminal. */
  function onRealTerminal(output: string): string[] {
    const dir = mkdtempSync(join(tmpdir(), 'nasconsole-paint-'));
    const socket = `paint-${process.pid}-${Date.now()}`;
    try {
      writeFileSync(join(dir, 'out'), output);
      execFileSync('tmux', ['-L', socket, 'new-session', '-d', '-x', '60', '-y', '20', `TERM=vt100 cat ${join(dir, 'out')}; sleep 30`]);
      execFileSync('sleep', ['0.5']);
      return execFileSync('tmux', ['-L', socket, 'capture-pane', '-p'], { encoding: 'utf8' }).split('\n').slice(0, 17);
    } finally {
      execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test('a list scrolled by one row is moved with a scroll region, few bytes, and shows exactly the new frame', () => {
    const { terminal, paint } = painter(60, 20);
    terminal.output += ENTER_FULL_SCREEN;
    paint(listFrame(0, 13));
    const down = paint(listFrame(1, 14)); // Down past the last visible row
    const up = paint(listFrame(0, 0)); // and back up: scrolls the other way
    const downAgain = paint(listFrame(1, 1));
    expect(down).toContain('r'); // DECSTBM was used
    expect(Buffer.byteLength(down)).toBeLessThan(200);
    expect(Buffer.byteLength(downAgain)).toBeLessThan(200);
    expect(up.length).toBeGreaterThan(0);
    const expected = stripAnsiCodes(listFrame(1, 1)).split('\n');
    expect(onRealTerminal(terminal.output).map((line) => line.trimEnd())).toEqual(expected.map((line) => line.trimEnd()));
  });
});

function stripAnsiCodes(text: string): string {
  return text.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
}
