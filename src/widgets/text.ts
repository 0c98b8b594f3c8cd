/**
 * Text that reaches the terminal: data is made harmless and fitted here, before Ink sees it.
 * Ink's own truncation appends '…' (above 0x7E), so widgets fit text themselves, and a
 * name holding ESC or another control character must never reach the terminal as such.
 */

// C0 controls, DEL and C1 controls: a stored name could otherwise drive the terminal.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;
const NON_ASCII = /[^\u0020-\u007E]/g;

/** One display line: controls become '?', and in ASCII mode so does anything above 0x7E. */
export function displayText(text: string, ascii: boolean): string {
  const safe = text.replace(/\t/g, ' ').replace(CONTROL, '?');
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
 * Word-wrapped into lines of at most `width` cells, at most `maxLines` of them; a cut is
 * marked with `ellipsis` at the end of the last line. Words longer than a line are split.
 */
export function wrapText(text: string, width: number, maxLines: number, ellipsis: string): string[] {
  if (width <= 0 || maxLines <= 0) return [];
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (cellWidth(rest) > width) {
      if (current) lines.push(current);
      lines.push(Array.from(rest).slice(0, width).join(''));
      rest = Array.from(rest).slice(width).join('');
      current = '';
    }
    if (!current) current = rest;
    else if (cellWidth(current) + 1 + cellWidth(rest) <= width) current += ` ${rest}`;
    else {
      lines.push(current);
      current = rest;
    }
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = fitText(kept[maxLines - 1]!, width - cellWidth(ellipsis), '') + ellipsis;
  return kept;
}
