import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENTER_FULL_SCREEN, FullScreenOutput } from '../../src/cli/fullScreenOutput.js';
import { lineCells } from '../../src/cli/screenCells.js';
import { emulate, emulateScreen, FakeStdout } from '../../testing/fakeTerminal.js';

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

  test('paints the first frame as it is written, and later frames once per tick, the last one written', async () => {
    const terminal = new FakeStdout(40, 6);
    const screen = new FullScreenOutput(terminal);
    screen.write(frame('first'));
    expect(emulate(terminal.output, 40, 6)[0]).toBe('first');
    screen.write(frame('second'));
    screen.write(frame('third'));
    expect(emulate(terminal.output, 40, 6)[0]).toBe('first');
    const painted = terminal.output.length;
    await new Promise((resolve) => setImmediate(resolve));
    expect(emulate(terminal.output, 40, 6)[0]).toBe('third');
    expect(terminal.output.slice(painted)).not.toContain('second');
  });

  test('writes only the cells that changed, with no erase when the rest of the row was blank', () => {
    const { terminal, paint } = painter();
    paint(frame('> Name    abc'));
    const written = paint(frame('> Name    abcd'));
    expect(written).toBe('\u001B[;14Hd');
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
    expect(written.startsWith('\u001B[0m\u001B[H\u001B[2J')).toBe(true);
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

/** A small fixed-seed generator (mulberry32): the same frames on every run. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  return { next, pick };
}

const PIECES = ['a', 'bc', ' ', '   ', 'credential-01', '名前', '🙂', 'e\u0301', '›', '─────', 'x y'];
const ATTRIBUTES = ['\u001B[7m', '\u001B[27m', '\u001B[1m', '\u001B[22m', '\u001B[36m', '\u001B[39m', '\u001B[90m', '\u001B[0m', '\u001B[2m', '\u001B[4m', '\u001B[44m', '\u001B[49m'];

/** The next frame: mostly the last one with a few rows changed, sometimes scrolled by a row, sometimes new. */
function nextFrame(rng: ReturnType<typeof random>, previous: string[], rows: number): string[] {
  const line = () => Array.from({ length: Math.floor(rng.next() * 8) }, () => (rng.next() < 0.3 ? rng.pick(ATTRIBUTES) : '') + rng.pick(PIECES)).join('');
  const kind = rng.next();
  const fresh = previous.length === 0 || kind < 0.1;
  const lines = fresh ? Array.from({ length: Math.floor(rng.next() * rows) + 1 }, line) : kind < 0.3 ? [previous[0] ?? '', ...previous.slice(2), line()] : kind < 0.4 ? [previous[0] ?? '', line(), ...previous.slice(1, -1)] : [...previous];
  for (let changes = fresh ? 0 : Math.floor(rng.next() * 3); changes > 0; changes--) lines[Math.floor(rng.next() * rows)] = line();
  // Ink never hands over a blank frame (the painter ignores one, as it ignores Ink's cursor codes)
  return Array.from({ length: rows }, (_, row) => lines[row] || (row === 0 ? 'header' : ''));
}

/** What the screen must show for a frame: each cell's character and attributes. */
function expectedScreen(lines: readonly string[], columns: number, rows: number) {
  const cells = Array.from({ length: rows }, (_, row) => lineCells(lines[row] ?? '', columns));
  return {
    cells: cells.map((row) => Array.from({ length: columns }, (_, column) => row[column]?.text ?? ' ')),
    styles: cells.map((row) => Array.from({ length: columns }, (_, column) => row[column]?.style ?? '')),
  };
}

describe('cell-level painting', () => {
  test('after any sequence of frames the emulated screen shows the last frame, cell by cell with its attributes', () => {
    const [columns, rows] = [24, 8];
    let output = '';
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = random(seed);
      const { terminal, paint } = painter(columns, rows);
      let lines: string[] = [];
      for (let step = 0; step < 60; step++) {
        lines = nextFrame(rng, lines, rows);
        paint(frame(...lines));
        const shown = emulateScreen(terminal.output, columns, rows);
        const expected = expectedScreen(lines, columns, rows);
        expect({ seed, step, cells: shown.cells }).toEqual({ seed, step, cells: expected.cells });
        expect({ seed, step, styles: shown.styles }).toEqual({ seed, step, styles: expected.styles });
      }
      output += terminal.output;
    }
    // the frames exercised what the painter can emit
    for (const used of [/\u001B\[\d+;\d+r/, /\u001BM/, /\u001B\[\d*C/, /\u001B\[K/, /\u001B\[2[27]m/]) expect(output).toMatch(used);
  });

  test('skips blank runs and trailing spaces: a sparse frame costs little more than its text', () => {
    const { paint } = painter(80, 24);
    const written = paint(frame('title' + ' '.repeat(60) + 'right', '', '', '   indented        and more   '));
    expect(written).not.toMatch(/ {4}/);
    expect(Buffer.byteLength(written)).toBeLessThan(60);
  });

  test('moves the selection marker with few bytes: the changed cells only', () => {
    const { terminal, paint } = painter(80, 24);
    const row = (text: string, selected: boolean) => (selected ? `>\u001B[7m${text[0]}\u001B[27m${text.slice(1)}` : ` ${text}`);
    const list = (selected: number) => frame('header', ...['credential-00001  S3', 'credential-00002  FTP', 'credential-00003  SFTP'].map((text, index) => row(text, index === selected)));
    paint(list(0));
    const written = paint(list(1));
    expect(Buffer.byteLength(written)).toBeLessThanOrEqual(32);
    expect(emulateScreen(terminal.output, 80, 24).styles[2]![1]).toBe('7');
    expect(emulateScreen(terminal.output, 80, 24).styles[1]![1]).toBe('');
  });

  test('a wide character takes two cells, and text after it stays in its column', () => {
    const { terminal, paint } = painter(20, 3);
    paint(frame('ab|cd', '名前|x'));
    paint(frame('ab|cd', '🙂前|y'));
    expect(emulate(terminal.output, 20, 3).slice(0, 2)).toEqual(['ab|cd', '🙂前|y']);
    expect(emulateScreen(terminal.output, 20, 3).cells[1]!.slice(0, 6)).toEqual(['🙂', '', '前', '', '|', 'y']);
  });

  test('switches attributes off with a reset only, for a real vt100', () => {
    const terminal = new FakeStdout(20, 3);
    const screen = new FullScreenOutput(terminal, { resetOnlySgr: true });
    screen.write(frame('\u001B[1mab\u001B[7mcd\u001B[27mef\u001B[22m'));
    screen.paint();
    expect(terminal.output).not.toMatch(/\u001B\[(22|27|39|49)m/);
    expect(emulateScreen(terminal.output, 20, 3).styles[0]!.slice(0, 7)).toEqual(['1', '1', '1;7', '1;7', '1', '1', '']);
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
