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

/** Length in terminal cells, counting code points (wide CJK glyphs are not special-cased). */
export function cellWidth(text: string): number {
  return Array.from(text).length;
}

/** At most `width` cells; a cut is marked with `ellipsis`. */
export function fitText(text: string, width: number, ellipsis: string): string {
  if (width <= 0) return '';
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  const mark = width > cellWidth(ellipsis) ? ellipsis : '';
  return chars.slice(0, width - cellWidth(mark)).join('') + mark;
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
      const head = Array.from(rest).slice(0, width).join('');
      const space = head.lastIndexOf(' ');
      const cut = space > width / 2 ? space : head.length;
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
 * Cut into rows of exactly `width` characters (the last shorter), nothing trimmed: a selection
 * of the rows copies the text back whole (a key line, a revealed secret).
 */
export function chunkText(text: string, width: number): string[] {
  const chars = Array.from(text);
  const rows: string[] = [];
  for (let at = 0; at < chars.length; at += Math.max(1, width)) rows.push(chars.slice(at, at + Math.max(1, width)).join(''));
  return rows.length ? rows : [''];
}
