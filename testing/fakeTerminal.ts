/**
 * A terminal for runConsole in tests: a stdin that claims to be a TTY and takes keys, a
 * stdout that records bytes, and a small emulator of the sequences the console paints with.
 */
import { EventEmitter } from 'node:events';
import stringWidth from 'string-width';
import { applySgr, styleFromKey, styleKey } from '../src/cli/screenCells.js';

export class FakeStdin extends EventEmitter {
  isTTY = true;
  rawModes: boolean[] = [];
  private data: string | null = null;
  setRawMode(mode: boolean) {
    this.rawModes.push(mode);
    return this;
  }
  setEncoding() {}
  ref() {}
  unref() {}
  resume() {}
  pause() {}
  read(): string | null {
    const { data } = this;
    this.data = null;
    return data;
  }
  /** One read's worth of bytes, as a terminal delivers a key. */
  type(data: string) {
    this.data = data;
    this.emit('readable');
  }
}

export class FakeStdout extends EventEmitter {
  isTTY = true;
  output = '';
  constructor(public columns = 80, public rows = 24) {
    super();
  }
  write(chunk: string | Uint8Array) {
    this.output += String(chunk);
    return true;
  }
  resize(columns: number, rows: number) {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

export function fakeTerminal(columns = 80, rows = 24) {
  const stderr = new FakeStdout();
  return {
    stdin: new FakeStdin(),
    stdout: new FakeStdout(columns, rows),
    stderr,
  };
}

/** What an emulated screen shows: each row's text, and each cell's attributes (`styleKey`). */
export interface EmulatedScreen {
  readonly lines: string[];
  /** Per row, per cell: the SGR style key ('' the default); a wide character's right half is ''. */
  readonly styles: string[][];
  /** Per row, per cell: the character ('' for a wide character's right half). */
  readonly cells: string[][];
}

/**
 * Replays output onto a grid, as a vt100/xterm with autowrap off does: cursor address (H),
 * relative moves (A B C D), CR and LF, erase line (K) and screen (2J), scroll regions
 * (DECSTBM `r`, LF on the region's last row, ESC M on its first), attributes (SGR: each cell
 * keeps those it was written or erased with), wide characters (two cells; overwriting one
 * half blanks the other). Modes are skipped. Enough to check what the console paints.
 */
export function emulateScreen(output: string, columns = 80, rows = 24): EmulatedScreen {
  const blankRow = () => Array<string>(columns).fill(' ');
  const plainRow = () => Array<string>(columns).fill('');
  let grid = Array.from({ length: rows }, blankRow);
  let styles = Array.from({ length: rows }, plainRow);
  let style = styleFromKey('');
  let key = '';
  let row = 0;
  let column = 0;
  let top = 0;
  let bottom = rows - 1;
  const clear = (r: number, from: number) => {
    for (let c = from; c < columns; c++) {
      grid[r]![c] = ' ';
      styles[r]![c] = styleKey({ on: new Set(), foreground: '', background: style.background }); // an erase fills with the background only
    }
  };
  const scroll = (shift: 1 | -1) => {
    const move = <T>(lines: T[][], blank: () => T[]) => {
      const region = lines.slice(top, bottom + 1);
      const moved = shift === 1 ? [...region.slice(1), blank()] : [blank(), ...region.slice(0, -1)];
      return [...lines.slice(0, top), ...moved, ...lines.slice(bottom + 1)];
    };
    grid = move(grid, blankRow);
    styles = move(styles, plainRow);
  };
  const unsplit = (c: number) => {
    // writing over either half of a wide character leaves the other half blank
    if (grid[row]![c] === '' && c > 0) grid[row]![c - 1] = ' ';
    if (grid[row]![c + 1] === '') grid[row]![c + 1] = ' ';
  };
  const put = (text: string) => {
    const width = stringWidth(text);
    if (width === 0) {
      if (column > 0) grid[row]![column - 1] += text;
      return;
    }
    const at = Math.min(column, columns - width);
    unsplit(at);
    if (width === 2) unsplit(at + 1);
    grid[row]![at] = text;
    styles[row]![at] = key;
    if (width === 2) {
      grid[row]![at + 1] = '';
      styles[row]![at + 1] = key;
    }
    column = Math.min(columns - 1, at + width); // autowrap is off: the last column keeps the cursor
    if (at + width >= columns) column = columns - 1;
  };
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const pattern = /\u001B\[([0-9;?]*)([A-Za-z])|\u001B(M)|([^\u001B]+)/g;
  for (const match of output.matchAll(pattern)) {
    const [, params = '', command, reverseIndex, text] = match;
    const [first = 0, second = 0] = params.split(';').map((n) => Number(n || 0));
    if (reverseIndex) {
      if (row === top) scroll(-1);
      else row = Math.max(0, row - 1);
    } else if (text !== undefined) {
      for (const { segment } of segmenter.segment(text)) {
        if (segment === '\n') {
          if (row === bottom) scroll(1);
          else row = Math.min(rows - 1, row + 1);
          column = 0;
        } else if (segment === '\r') column = 0;
        else if (segment === '\r\n') {
          if (row === bottom) scroll(1);
          else row = Math.min(rows - 1, row + 1);
          column = 0;
        } else put(segment);
      }
    } else if (command === 'H') {
      row = Math.min(rows, Math.max(1, first)) - 1;
      column = Math.min(columns, Math.max(1, second)) - 1;
    } else if (command === 'A') row = Math.max(0, row - Math.max(1, first));
    else if (command === 'B') row = Math.min(rows - 1, row + Math.max(1, first));
    else if (command === 'C') column = Math.min(columns - 1, column + Math.max(1, first));
    else if (command === 'D') column = Math.max(0, column - Math.max(1, first));
    else if (command === 'K' && first === 0) clear(row, column);
    else if (command === 'J' && first === 2) for (let r = 0; r < rows; r++) clear(r, 0);
    else if (command === 'r') {
      top = params ? first - 1 : 0;
      bottom = params ? Math.min(rows, second || rows) - 1 : rows - 1;
      row = 0;
      column = 0;
    } else if (command === 'm') {
      style = applySgr(style, params);
      key = styleKey(style);
    }
  }
  return { lines: grid.map((line) => line.join('').trimEnd()), styles, cells: grid };
}

/** The text an emulated screen shows, row by row (trailing spaces trimmed). */
export function emulate(output: string, columns = 80, rows = 24): string[] {
  return emulateScreen(output, columns, rows).lines;
}
