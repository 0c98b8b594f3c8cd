import { EventEmitter } from 'node:events';
import { RowPainter } from './rowPainter.js';
import { lineCells, type Cell } from './screenCells.js';
import { findScroll, scrolled, scrollSequence } from './screenScroll.js';

/**
 * The stream Ink writes to, painting its frames onto the alternate screen with as few bytes
 * as it can: on a 9600-baud serial line a full 80x24 redraw takes two seconds.
 *
 * Why not Ink's own output: in Ink 6.8 a frame as tall as the terminal clears the whole
 * screen on every frame, and `incrementalRendering` moves the cursor one line too few when
 * the frame ends with a newline (fixed upstream in 7.x, which needs Node 22), so its frames
 * drift down the screen. Ink runs in `debug` mode instead, which hands every frame over
 * whole (and ignores CI=true); this class compares it, cell by cell (character and
 * attributes, a wide character taking two), with what the screen shows and rewrites only the
 * cells that changed (rowPainter.ts). Every row it touches starts with an absolute address,
 * so a lost byte cannot make the picture drift for more than a row; a list scrolled by a row
 * is moved with a scroll region (screenScroll.ts). A resize, or Ctrl-L, repaints everything.
 */
export const ENTER_FULL_SCREEN =
  '\u001B[?1049h' + // alternate screen buffer
  '\u001B[?25l' + // hide the cursor
  '\u001B[?2004h' + // bracketed paste: pasted text is never taken for shortcuts
  '\u001B[?7l' + // no autowrap: a line wider than the terminal (mid-resize) must not scroll it
  '\u001B[H\u001B[2J';

export const LEAVE_FULL_SCREEN =
  '\u001B[0m' +
  '\u001B[?2004l' +
  '\u001B[?7h' +
  '\u001B[?25h' + // show the cursor
  '\u001B[?1049l'; // back to the main screen, as it was

// Ink's own cursor show/hide and erase sequences: the painter owns the screen.
const ONLY_CONTROL = /^(?:\u001B\[[0-9;?]*[A-Za-z])*$/;

export interface FullScreenTarget {
  write(chunk: string): unknown;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
  readonly columns?: number;
  readonly rows?: number;
}

export interface FullScreenOptions {
  /** A real vt100 knows only SGR 0/1/4/5/7: attributes are switched off with a reset. */
  readonly resetOnlySgr?: boolean;
}

/** How long painting waits for the terminal to answer a size request (a few ms on a serial line). */
export const SIZE_ANSWER_WAIT_MS = 300;

/** A row that moved and changed at most this many cells (a selection marker) is worth scrolling with the rest. */
const NEARLY_SAME_CELLS = 4;

function differingCells(a: readonly Cell[], b: readonly Cell[]): number {
  let count = 0;
  for (let column = 0; column < Math.max(a.length, b.length); column++) {
    if (a[column]?.text !== b[column]?.text || a[column]?.style !== b[column]?.style) count++;
  }
  return count;
}

/** What the painter believes the screen shows: each row's frame line and its cells. */
interface Picture {
  readonly columns: number;
  lines: string[];
  cells: Cell[][];
}

export class FullScreenOutput extends EventEmitter {
  readonly isTTY = true;
  /** Bytes written to the terminal so far (the benchmark reads it). */
  bytesWritten = 0;
  private picture: Picture | undefined;
  private reported: { columns: number; rows: number } | undefined;
  /** The first picture went out (it is painted at once; later ones once per tick). */
  private firstPainted = false;
  /** A size request is out: painting waits for its answer (see askSize). */
  private sizeAwaited: NodeJS.Timeout | undefined;
  private frame: string | undefined;
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly target: FullScreenTarget,
    private readonly options: FullScreenOptions = {},
  ) {
    super();
    target.on('resize', this.onResize);
  }

  get columns(): number {
    return this.target.columns || this.reported?.columns || 80;
  }

  get rows(): number {
    return this.target.rows || this.reported?.rows || 24;
  }

  /** The terminal has no size of its own (a serial line reports 0x0): ask it with `askSize`. */
  get sizeUnknown(): boolean {
    return !this.target.columns || !this.target.rows;
  }

  /**
   * Asks the terminal where the cursor lands when sent to row and column 999: its size, as
   * serial-console tools do. The answer comes on stdin (`adoptSize`); until then 80x24.
   */
  askSize(): void {
    if (this.closed) return;
    this.send('\u001B[999;999H\u001B[6n');
    // At 9600 baud a whole screen takes over a second: wait a moment for the answer rather
    // than paint at 80x24 and again at the real size. A terminal that never answers gets 80x24.
    clearTimeout(this.sizeAwaited);
    this.sizeAwaited = setTimeout(() => this.sizeAnswered(), SIZE_ANSWER_WAIT_MS);
  }

  private sizeAnswered(): void {
    clearTimeout(this.sizeAwaited);
    this.sizeAwaited = undefined;
    this.paintSoon();
  }

  /** The size a terminal reported for itself: laid out and painted again at that size. */
  adoptSize(columns: number, rows: number): void {
    if (this.closed) return;
    const changed = columns >= 1 && rows >= 1 && (this.reported?.columns !== columns || this.reported.rows !== rows);
    if (changed) {
      this.reported = { columns, rows };
      if (this.sizeUnknown) this.onResize();
    }
    this.sizeAnswered();
  }

  /** Ink calls this with a whole frame; it is painted once per tick, whatever Ink re-rendered. */
  write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    const text = String(chunk);
    const done = [encoding, callback].find((value) => typeof value === 'function') as (() => void) | undefined;
    if (!this.closed && text.trim() !== '' && !ONLY_CONTROL.test(text)) {
      this.frame = text;
      this.paintSoon();
    }
    done?.();
    return true;
  }

  /** Forget what the screen shows: the next frame is painted in full. */
  repaint(): void {
    this.picture = undefined;
    this.paintSoon();
  }

  private paintSoon(): void {
    if (this.frame === undefined || this.scheduled || this.sizeAwaited) return;
    // The first picture goes out at once: the screens' first effects re-render the console
    // within the same tick (footers, data), which would hold it back by a whole second render
    // (about 50 ms at start); what that render changes then costs only its changed cells.
    if (!this.firstPainted) return this.paint();
    this.scheduled = true;
    setImmediate(() => this.paint());
  }

  /** Paint the pending frame now (tests, and before leaving the screen). */
  paint(): void {
    this.scheduled = false;
    if (this.closed || this.frame === undefined) return;
    const { columns, rows } = this;
    const lines = this.frame.split('\n').slice(0, rows);
    const painter = new RowPainter(columns, this.options.resetOnlySgr);
    if (!this.picture || this.picture.cells.length !== rows || this.picture.columns !== columns) {
      painter.emit('\u001B[0m\u001B[H\u001B[2J', '');
      this.picture = { columns, lines: [], cells: Array.from({ length: rows }, () => []) };
    }
    const picture = this.picture;
    const scroll = findScroll(picture.lines, lines, (from, to) => differingCells(lineCells(from, columns), lineCells(to, columns)) <= NEARLY_SAME_CELLS);
    if (scroll) {
      painter.resetStyle(); // the row a scroll lets in takes the current background
      painter.emit(scrollSequence(scroll));
      picture.lines = scrolled(picture.lines, scroll, '');
      picture.cells = scrolled(picture.cells, scroll, []);
    }
    for (let row = 0; row < rows; row++) {
      const line = lines[row] ?? '';
      if (line === (picture.lines[row] ?? '')) continue;
      const cells = lineCells(line, columns);
      painter.paintRow(row, picture.cells[row] ?? [], cells);
      picture.cells[row] = cells;
      picture.lines[row] = line;
    }
    // The terminal keeps the attributes between frames; the next frame starts from them.
    painter.resetStyle();
    this.firstPainted = true;
    if (painter.out) this.send(painter.out);
  }

  /** Stop painting: from now on the caller owns the terminal again. */
  close(): void {
    this.closed = true;
    clearTimeout(this.sizeAwaited);
    this.target.off('resize', this.onResize);
  }

  private send(text: string): void {
    this.bytesWritten += Buffer.byteLength(text);
    this.target.write(text);
  }

  private readonly onResize = () => {
    this.repaint();
    this.emit('resize');
  };
}
