import stringWidth, { graphemesOf } from './stringWidth.js';
import { printable } from '../common/printable.js';

/**
 * Text that reaches the terminal: data is made harmless and fitted here, before Ink sees it.
 * Ink's own truncation appends '…' (above 0x7E), so widgets fit text themselves, and a
 * name holding ESC or another control character must never reach the terminal as such.
 */

const NON_ASCII = /[^\u0020-\u007E]/g;

/**
 * One display line: a tab is a space; controls (C0, DEL, C1) and direction-changing
 * characters are shown escaped (`\e`, `\x07`, `\u202e`), as the scripted commands print them,
 * so a stored name can neither drive the terminal nor hide what it holds; in ASCII mode
 * anything else above 0x7E becomes '?'.
 */
export function displayText(text: string, ascii: boolean): string {
  const safe = printable(text.replace(/\t/g, ' '));
  return ascii ? safe.replace(NON_ASCII, '?') : safe;
}

/** Length in terminal cells: a wide character (CJK, most emoji) takes two, a combining mark none. */
export function cellWidth(text: string): number {
  return stringWidth(text);
}

/** The longest start of `text` that fits in `width` cells (never half a wide character). */
function takeCells(text: string, width: number): string {
  if (/^[\u0020-\u007E]*$/.test(text)) return text.slice(0, width);
  let used = 0;
  let end = 0;
  for (const grapheme of graphemesOf(text)) {
    used += cellWidth(grapheme);
    if (used > width) return text.slice(0, end);
    end += grapheme.length;
  }
  return text;
}

/** At most `width` cells; a cut is marked with `ellipsis`. */
export function fitText(text: string, width: number, ellipsis: string): string {
  if (width <= 0) return '';
  if (cellWidth(text) <= width) return text;
  const mark = width > cellWidth(ellipsis) ? ellipsis : '';
  return takeCells(text, width - cellWidth(mark)) + mark;
}

/** Exactly `width` cells: fitted, then padded with spaces (or aligned right). */
export function padText(text: string, width: number, ellipsis: string, align: 'left' | 'right' = 'left'): string {
  const fitted = fitText(text, width, ellipsis);
  const padding = ' '.repeat(Math.max(0, width - cellWidth(fitted)));
  return align === 'right' ? padding + fitted : fitted + padding;
}

/**
 * Wrapped into lines of at most `width` cells: paragraphs (\n) are kept, a line breaks at its
 * last space past the middle, else mid-word; a paragraph's indentation is kept. With
 * `maxLines`, a cut is marked with `ellipsis` at the end of the last line.
 */
export function wrapText(text: string, width: number, maxLines = Number.POSITIVE_INFINITY, ellipsis = '...'): string[] {
  if (width <= 0 || maxLines <= 0) return [];
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let rest = paragraph.trimEnd();
    while (cellWidth(rest) > width) {
      const head = takeCells(rest, width) || Array.from(rest)[0]!;
      const space = head.lastIndexOf(' ');
      const cut = space > head.length / 2 ? space : head.length;
      lines.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).trimStart();
    }
    lines.push(rest);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = fitText(kept[maxLines - 1]!, width - cellWidth(ellipsis), '') + ellipsis;
  return kept;
}

/**
 * Cut into rows of exactly `width` cells (the last shorter; one less when a wide character
 * would straddle the edge), nothing trimmed: a selection of the rows copies the text back
 * whole (a key line, a revealed secret).
 */
export function chunkText(text: string, width: number): string[] {
  const rows: string[] = [];
  for (let rest = text; rest; ) {
    const row = takeCells(rest, Math.max(1, width)) || Array.from(rest)[0]!;
    rows.push(row);
    rest = rest.slice(row.length);
  }
  return rows.length ? rows : [''];
}
