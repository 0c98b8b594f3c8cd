import { BLANK, isBlank, isRightHalf, sgrTransition, type Cell } from './screenCells.js';

const sameCell = (a: Cell | undefined, b: Cell | undefined) => (a ?? BLANK).text === (b ?? BLANK).text && (a ?? BLANK).style === (b ?? BLANK).style;

/** Cursor addresses are 1-based; a 1 may be left out (`ESC[5H` is row 5, column 1). */
export function cursorAddress(row: number, column: number): string {
  return `\u001B[${row === 0 ? '' : row + 1}${column === 0 ? '' : `;${column + 1}`}H`;
}

/** Consecutive columns as [first, last] pairs. */
function runsOf(columns: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const column of columns) {
    const last = runs.at(-1);
    if (last && last[1] === column - 1) last[1] = column;
    else runs.push([column, column]);
  }
  return runs;
}

const forward = (cells: number) => (cells === 1 ? '\u001B[C' : `\u001B[${cells}C`);

/**
 * Turns a row of cells into the next with as few bytes as it can, keeping track of where the
 * terminal's cursor is and which attributes it has set. Each row it touches starts with an
 * absolute address, so a byte lost on the line never shifts more than that row; inside the
 * row it moves forward relatively or rewrites a short unchanged gap, whichever is shorter;
 * a row that ends blank is cut with erase-to-end instead of spaces.
 */
export class RowPainter {
  out = '';
  /** The cursor's column on `row`; undefined when it is unknown (another row, the last column). */
  private column: number | undefined;
  private row = -1;
  private style = '';

  constructor(
    private readonly columns: number,
    /** A real vt100 knows only SGR 0/1/4/5/7: attributes are switched off with a reset. */
    private readonly resetOnlySgr = false,
  ) {}

  /** Whatever happened on the terminal (a clear, a scroll): the cursor is at the top left, attributes reset. */
  emit(sequence: string, style = this.style): void {
    this.out += sequence;
    this.row = 0;
    this.column = 0;
    this.style = style;
  }

  /** Switch the attributes back to the default (before a clear, a scroll, or leaving). */
  resetStyle(): void {
    this.out += sgrTransition(this.style, '', this.resetOnlySgr);
    this.style = '';
  }

  paintRow(row: number, before: readonly Cell[], after: readonly Cell[]): void {
    const changed = this.changedColumns(before, after);
    if (changed.length === 0) return;
    // From here on the row is blank: erase it instead of writing spaces.
    let end = this.columns;
    while (end > 0 && isBlank(after[end - 1])) end--;
    const eraseFrom = changed.find((column) => column >= end);
    for (const [start, stop] of runsOf(changed.filter((column) => column < end))) {
      this.reach(row, start, after);
      for (let column = start; column <= stop; column++) this.put(after, column);
    }
    if (eraseFrom !== undefined) {
      this.reach(row, eraseFrom, after);
      this.out += sgrTransition(this.style, '', this.resetOnlySgr) + '\u001B[K';
      this.style = '';
    }
  }

  /** The columns to rewrite: those that differ, with both halves of any wide character touched. */
  private changedColumns(before: readonly Cell[], after: readonly Cell[]): number[] {
    const changed = new Set<number>();
    for (let column = 0; column < this.columns; column++) {
      if (sameCell(before[column], after[column])) continue;
      changed.add(column);
      for (const cells of [before, after]) {
        if (isRightHalf(cells[column])) changed.add(column - 1);
        if (isRightHalf(cells[column + 1])) changed.add(column + 1);
      }
    }
    return [...changed].filter((column) => column >= 0 && column < this.columns).sort((a, b) => a - b);
  }

  /** Moves to `column` of `row`: an address on a new row, else the shorter of a move and rewriting the gap. */
  private reach(row: number, column: number, after: readonly Cell[]): void {
    if (row !== this.row || this.column === undefined || this.column > column) {
      this.out += cursorAddress(row, column);
      this.row = row;
      this.column = column;
      return;
    }
    if (this.column === column) return;
    const saved = { out: this.out, column: this.column, style: this.style };
    for (let at = this.column; at < column; at++) this.put(after, at);
    if (Buffer.byteLength(this.out.slice(saved.out.length)) <= forward(column - saved.column).length) return;
    this.out = saved.out + forward(column - saved.column);
    this.style = saved.style;
    this.column = column;
  }

  private put(after: readonly Cell[], column: number): void {
    const cell = after[column] ?? BLANK;
    if (isRightHalf(cell)) return; // written with its left half
    this.out += sgrTransition(this.style, cell.style, this.resetOnlySgr) + cell.text;
    this.style = cell.style;
    const next = column + (isRightHalf(after[column + 1]) ? 2 : 1);
    // With autowrap off the cursor stays on the last column after filling it.
    this.column = next >= this.columns ? undefined : next;
  }
}
