import { EventEmitter } from 'node:events';

/**
 * The stream Ink writes to, painting its frames onto the alternate screen with as few bytes
 * as it can: on a 9600-baud serial line a full 80x24 redraw takes two seconds.
 *
 * Why not Ink's own output: in Ink 6.8 a frame as tall as the terminal clears the whole
 * screen on every frame, and `incrementalRendering` moves the cursor one line too few when
 * the frame ends with a newline (fixed upstream in 7.x, which needs Node 22), so its frames
 * drift down the screen. Ink runs in `debug` mode instead, which hands every frame over
 * whole (and ignores CI=true); this class compares it with what the screen shows and
 * rewrites only the changed lines, addressing them absolutely, so a lost byte or a resize
 * cannot make the picture drift. A resize repaints everything.
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

/** A character that takes exactly one cell: printable, below the wide and combining ranges. */
function isNarrow(char: string | undefined): boolean {
  const code = char?.charCodeAt(0) ?? 0;
  return code >= 0x20 && code !== 0x7f && (code < 0x80 || code >= 0xa0) && (code < 0x300 || code > 0x36f) && code < 0x1100;
}

const visibleWidth = (line: string) => Array.from(line.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '')).length;

export interface FullScreenTarget {
  write(chunk: string): unknown;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
  readonly columns?: number;
  readonly rows?: number;
}

/** Where two painted lines start to differ, as long as everything before is narrow, unstyled text. */
function samePrefix(before: string, after: string): number {
  let index = 0;
  const limit = Math.min(before.length, after.length);
  while (index < limit && before[index] === after[index] && isNarrow(before[index])) index++;
  return index;
}

/** Rows top..bottom (0-based, inclusive) move up by `shift` lines (down when negative). */
interface Scroll {
  top: number;
  bottom: number;
  shift: 1 | -1;
}

/** Below this many rows saved, moving the selection past a list's edge is cheaper repainted. */
const MIN_ROWS_SAVED_BY_SCROLL = 3;

/**
 * When a list scrolls by one row, most of the frame is the previous frame moved by a line:
 * find the longest such run (non-empty lines only) that would otherwise be repainted.
 */
function findScroll(before: readonly string[], after: readonly string[]): Scroll | undefined {
  let best: (Scroll & { saved: number }) | undefined;
  for (const shift of [1, -1] as const) {
    let start = -1;
    let saved = 0;
    for (let row = 0; row <= after.length; row++) {
      const line = after[row];
      const moved = line !== undefined && line !== '' && line === before[row + shift];
      if (moved) {
        if (start < 0) {
          start = row;
          saved = 0;
        }
        if (line !== before[row]) saved++;
        continue;
      }
      if (start >= 0 && saved >= MIN_ROWS_SAVED_BY_SCROLL && (!best || saved > best.saved)) {
        const top = shift === 1 ? start : start - 1;
        const bottom = shift === 1 ? row : row - 1;
        if (top >= 0 && bottom < Math.max(before.length, after.length)) best = { top, bottom, shift, saved };
      }
      start = -1;
    }
  }
  return best && { top: best.top, bottom: best.bottom, shift: best.shift };
}

/**
 * vt100 scrolling inside a region (DECSTBM): a line feed on the region's last row moves it up,
 * a reverse index (ESC M) on its first row moves it down. The region is reset at once.
 */
function scrollSequence({ top, bottom, shift }: Scroll): string {
  const region = `\u001B[0m\u001B[${top + 1};${bottom + 1}r`;
  const motion = shift === 1 ? `\u001B[${bottom + 1};1H\n` : `\u001B[${top + 1};1H\u001BM`;
  return `${region}${motion}\u001B[r`;
}

/** What the screen shows after `scrollSequence`: the moved lines, and a blank one let in. */
function scrolled(before: readonly string[], { top, bottom, shift }: Scroll): string[] {
  const lines = [...before];
  for (let row = top; row <= bottom; row++) {
    const source = row + shift;
    lines[row] = source >= top && source <= bottom ? before[source] ?? '' : '';
  }
  return lines;
}

export class FullScreenOutput extends EventEmitter {
  readonly isTTY = true;
  /** Bytes written to the terminal so far (the benchmark reads it). */
  bytesWritten = 0;
  private painted: string[] | undefined;
  private frame: string | undefined;
  private scheduled = false;
  private closed = false;

  constructor(private readonly target: FullScreenTarget) {
    super();
    target.on('resize', this.onResize);
  }

  get columns(): number {
    return this.target.columns || 80;
  }

  get rows(): number {
    return this.target.rows || 24;
  }

  /** Ink calls this with a whole frame; it is painted once per tick, whatever Ink re-rendered. */
  write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    const text = String(chunk);
    const done = [encoding, callback].find((value) => typeof value === 'function') as (() => void) | undefined;
    if (!this.closed && text.trim() !== '' && !ONLY_CONTROL.test(text)) {
      this.frame = text;
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.paint());
      }
    }
    done?.();
    return true;
  }

  /** Forget what the screen shows: the next frame is painted in full. */
  repaint(): void {
    this.painted = undefined;
    if (this.frame !== undefined && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.paint());
    }
  }

  /** Paint the pending frame now (tests, and before leaving the screen). */
  paint(): void {
    this.scheduled = false;
    if (this.closed || this.frame === undefined) return;
    const lines = this.frame.split('\n');
    let out = this.painted ? '' : '\u001B[H\u001B[2J';
    const scroll = this.painted ? findScroll(this.painted, lines) : undefined;
    if (scroll) {
      out += scrollSequence(scroll);
      this.painted = scrolled(this.painted!, scroll);
    }
    const before = this.painted ?? [];
    for (let row = 0; row < Math.max(lines.length, before.length); row++) {
      const next = lines[row] ?? '';
      const previous = before[row] ?? '';
      if (next === previous && this.painted) continue;
      if (!next && !previous) continue;
      const column = samePrefix(previous, next);
      const reset = next.includes('\u001B[') ? '\u001B[0m' : '';
      // With autowrap off the cursor stays on the last column after filling it, and erasing
      // to the end of the line would take that column's character with it.
      const erase = visibleWidth(next) < this.columns ? '\u001B[K' : '';
      out += `\u001B[${row + 1};${column + 1}H${next.slice(column)}${reset}${erase}`;
    }
    this.painted = lines;
    if (out) this.send(out);
  }

  /** Stop painting: from now on the caller owns the terminal again. */
  close(): void {
    this.closed = true;
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
