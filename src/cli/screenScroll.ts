/**
 * When a list scrolls by one row, most of the frame is the previous frame moved by a line:
 * the painter moves it with the terminal's scroll region instead of repainting each row.
 */

/** Rows top..bottom (0-based, inclusive) move up by `shift` lines (down when negative). */
export interface Scroll {
  readonly top: number;
  readonly bottom: number;
  readonly shift: 1 | -1;
}

/** Below this many rows saved, moving the selection past a list's edge is cheaper repainted. */
const MIN_ROWS_SAVED_BY_SCROLL = 3;

/**
 * The longest run of non-empty lines that moved by one row and would otherwise be repainted.
 * The region then takes in, at the edge where a blank row enters, rows that moved and changed
 * only a little (`nearlySame`): a list's old selection, which loses its marker as it moves.
 */
export function findScroll(before: readonly string[], after: readonly string[], nearlySame: (from: string, to: string) => boolean = () => false): Scroll | undefined {
  const found = longestMovedRun(before, after);
  if (!found) return undefined;
  let { top, bottom } = found;
  const rows = Math.max(before.length, after.length);
  if (found.shift === 1) {
    while (bottom + 1 < rows && before[bottom + 1] && after[bottom] && nearlySame(before[bottom + 1]!, after[bottom]!)) bottom++;
  } else {
    while (top - 1 >= 0 && before[top - 1] && after[top] && nearlySame(before[top - 1]!, after[top]!)) top--;
  }
  return { top, bottom, shift: found.shift };
}

function longestMovedRun(before: readonly string[], after: readonly string[]): Scroll | undefined {
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
 * a reverse index (ESC M) on its first row moves it down. The region is reset at once; both
 * settings leave the cursor at the top left.
 */
export function scrollSequence({ top, bottom, shift }: Scroll): string {
  const region = `\u001B[${top + 1};${bottom + 1}r`;
  const motion = shift === 1 ? `\u001B[${bottom + 1}H\n` : `\u001B[${top + 1}H\u001BM`;
  return `${region}${motion}\u001B[r`;
}

/** What the screen shows after `scrollSequence`: the moved rows, and a blank one let in. */
export function scrolled<T>(before: readonly T[], { top, bottom, shift }: Scroll, blank: T): T[] {
  const rows = [...before];
  for (let row = top; row <= bottom; row++) {
    const source = row + shift;
    rows[row] = source >= top && source <= bottom ? before[source] ?? blank : blank;
  }
  return rows;
}
