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
