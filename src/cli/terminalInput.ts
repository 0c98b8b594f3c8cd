import { EventEmitter } from 'node:events';

/**
 * The stdin Ink reads, with what is meant for the terminal layer taken out of the keys:
 * Ctrl-L (redraw) and the terminal's cursor-position reports (`ESC [ row ; column R`, the
 * answer to the size probe). A report must never reach the key parser: it reads as F3 with
 * modifiers. Only a row above 1 counts as a report, since `ESC [ 1 ; n R` is how xterm
 * sends Shift/Ctrl/Alt-F3, and the probe asks for the bottom row.
 */
const REPORT = /\u001B\[(\d+);(\d+)R/g;
/** The start of a report cut short at the end of a read: ESC, ESC [, ESC [ 24, ESC [ 24 ; 8. */
const PARTIAL_REPORT = /\u001B(?:\[(?:\d+(?:;\d*)?)?)?$/;
const CTRL_L = '\u000C';
/** How long a partial report waits for its tail (a 12-byte answer takes 13 ms at 9600 baud). */
export const REPORT_TAIL_MS = 150;

/** A terminal that has not answered in this time never will (a dumb serial terminal). */
export const REPORT_WAIT_MS = 2000;

export interface TerminalInputEvents {
  /** Ctrl-L was pressed. */
  readonly onRedraw: () => void;
  /** The terminal answered a cursor-position request. */
  readonly onCursorReport: (row: number, column: number) => void;
}

export class TerminalInput extends EventEmitter {
  readonly isTTY = true;
  private readonly queue: string[] = [];
  private held = '';
  private heldTimer: NodeJS.Timeout | undefined;
  private reportsExpected = false;
  private expectTimer: NodeJS.Timeout | undefined;
  private attached = false;

  constructor(
    private readonly stdin: NodeJS.ReadStream,
    private readonly events: TerminalInputEvents,
  ) {
    super();
    // Read from the real stdin only while Ink listens, as Ink would.
    this.on('newListener', (event: string) => {
      if (event === 'readable' && !this.attached) {
        this.attached = true;
        this.stdin.setEncoding('utf8');
        this.stdin.on('readable', this.onReadable);
      }
    });
    this.on('removeListener', (event: string) => {
      if (event === 'readable' && this.listenerCount('readable') === 0 && this.attached) {
        this.attached = false;
        this.stdin.off('readable', this.onReadable);
        this.clearHeld();
        clearTimeout(this.expectTimer);
      }
    });
  }

  /**
   * A cursor-position request went out: until its answer (or `REPORT_WAIT_MS`), a read that
   * ends in the start of a report waits briefly for the rest. A late answer is still taken out.
   */
  expectReport(): void {
    this.reportsExpected = true;
    clearTimeout(this.expectTimer);
    this.expectTimer = setTimeout(() => (this.reportsExpected = false), REPORT_WAIT_MS);
    this.expectTimer.unref();
  }

  setRawMode(mode: boolean): this {
    this.stdin.setRawMode(mode);
    return this;
  }

  setEncoding(): this {
    return this;
  }

  ref(): this {
    this.stdin.ref();
    return this;
  }

  unref(): this {
    this.stdin.unref();
    return this;
  }

  read(): string | null {
    if (this.queue.length === 0) return null;
    return this.queue.splice(0).join('');
  }

  private readonly onReadable = () => {
    let data = '';
    for (let chunk: unknown; (chunk = this.stdin.read()) !== null; ) data += String(chunk);
    if (data) this.take(this.held + data);
  };

  private take(input: string): void {
    this.clearHeld();
    let keys = input.replace(REPORT, (whole, row: string, column: string) => {
      if (Number(row) <= 1) return whole;
      this.reportsExpected = false;
      this.events.onCursorReport(Number(row), Number(column));
      return '';
    });
    if (this.reportsExpected) {
      const partial = PARTIAL_REPORT.exec(keys);
      if (partial) {
        this.held = partial[0];
        keys = keys.slice(0, partial.index);
        this.heldTimer = setTimeout(() => this.flushHeld(), REPORT_TAIL_MS);
      }
    }
    if (keys.includes(CTRL_L)) {
      keys = keys.replaceAll(CTRL_L, '');
      this.events.onRedraw();
    }
    this.deliver(keys);
  }

  /** The tail never came: what was held is keys after all (Esc, Alt-[). */
  private flushHeld(): void {
    const keys = this.held;
    this.clearHeld();
    this.deliver(keys);
  }

  private clearHeld(): void {
    if (this.heldTimer) clearTimeout(this.heldTimer);
    this.heldTimer = undefined;
    this.held = '';
  }

  private deliver(keys: string): void {
    if (!keys) return;
    this.queue.push(keys);
    this.emit('readable');
  }
}
