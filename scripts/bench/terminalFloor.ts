import { cursorAddress } from '../../src/cli/rowPainter.js';

/**
 * The fewest bytes a terminal must receive to go from one screen to the next: for each row
 * that changed, a cursor address and the bytes from the first to the last that differ; when
 * the change is a list scrolled by a row, a scroll command instead of the rows that only moved. What FullScreenOutput writes is measured against this.
 */
export function paintFloor(before: readonly string[], after: readonly string[]): number {
  const plain = rowsFloor(before, after, 0);
  const scrolled = Math.min(...([1, -1] as const).map((shift) => SCROLL_BYTES + rowsFloor(before, after, shift)));
  return Math.min(plain, scrolled);
}

/** Setting a scroll region, scrolling it, and setting it back: `ESC[t;br ESC[S ESC[r`, at least. */
const SCROLL_BYTES = 12;

/**
 * Each row's cheapest change: from the row as it was, or (with a scroll of `shift`) from the
 * row that moved into its place; rows equal to either cost nothing.
 */
function rowsFloor(before: readonly string[], after: readonly string[], shift: 0 | 1 | -1): number {
  let bytes = 0;
  for (let row = 0; row < Math.max(before.length, after.length); row++) {
    const to = after[row] ?? '';
    const candidates = shift === 0 ? [before[row] ?? ''] : [before[row] ?? '', before[row + shift] ?? ''];
    bytes += Math.min(...candidates.map((from) => rowCost(row, from, to)));
  }
  return bytes;
}

/** A cursor address (its shortest form: `ESC[5H` for row 5, column 1) and the bytes from the first to the last that differ (an erase when text only went away). */
function rowCost(row: number, from: string, to: string): number {
  if (from === to) return 0;
  let start = 0;
  while (start < from.length && start < to.length && from[start] === to[start]) start++;
  let end = 0;
  while (end < from.length - start && end < to.length - start && from[from.length - 1 - end] === to[to.length - 1 - end]) end++;
  const changed = to.slice(start, to.length - end);
  return cursorAddress(row, start).length + Buffer.byteLength(changed) + (changed === '' ? 4 : 0);
}
