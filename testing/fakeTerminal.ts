/**
 * A terminal for runConsole in tests: a stdin that claims to be a TTY and takes keys, a
 * stdout that records bytes, and a small emulator of the sequences the console paints with.
 */
import { EventEmitter } from 'node:events';

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

/**
 * Replays output onto a grid: cursor position (CUP, H), erase line (K), erase screen (2J),
 * plain text; attributes (SGR) and modes are skipped. Enough to check what the console paints.
 */
export function emulate(output: string, columns = 80, rows = 24): string[] {
  const grid = Array.from({ length: rows }, () => Array<string>(columns).fill(' '));
  let row = 0;
  let column = 0;
  const pattern = /\u001B\[([0-9;?]*)([A-Za-z])|([^\u001B])/g;
  for (const match of output.matchAll(pattern)) {
    const [, params = '', command, char] = match;
    if (char !== undefined) {
      if (char === '\n') {
        row = Math.min(rows - 1, row + 1);
        column = 0;
      } else if (char === '\r') column = 0;
      else {
        grid[row]![Math.min(column, columns - 1)] = char; // autowrap is off
        column = Math.min(columns, column + 1);
      }
    } else if (command === 'H') {
      const [r = 1, c = 1] = params.split(';').map((n) => Number(n || 1));
      row = Math.min(rows, r) - 1;
      column = Math.min(columns, c) - 1;
    } else if (command === 'K') {
      for (let c = column; c < columns; c++) grid[row]![c] = ' ';
    } else if (command === 'J' && params === '2') {
      for (const line of grid) line.fill(' ');
    }
  }
  return grid.map((line) => line.join('').trimEnd());
}
