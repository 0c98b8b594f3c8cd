import stringWidth, { graphemesOf } from '../widgets/stringWidth.js';

/**
 * A frame line as the terminal will show it: one cell per column, each with its character and
 * its SGR attributes. A wide character (CJK, most emoji) fills its cell and marks the next one
 * as its right half (`text` ''), as the terminal does; combining marks stay with their base.
 */
export interface Cell {
  readonly text: string;
  /** The attributes as a canonical key ('' is the terminal's default): see `Style`. */
  readonly style: string;
}

export const BLANK: Cell = { text: ' ', style: '' };
/** The right half of a wide character. */
export const isRightHalf = (cell: Cell | undefined) => cell?.text === '';
export const isBlank = (cell: Cell | undefined) => cell === undefined || (cell.text === ' ' && cell.style === '');

/** The attributes a cell can carry, as SGR parameters: `on` flags and the colours' parameters. */
export interface Style {
  readonly on: ReadonlySet<number>;
  readonly foreground: string;
  readonly background: string;
}

const ATTRIBUTE_OFF: Record<number, readonly number[]> = { 22: [1, 2], 23: [3], 24: [4], 25: [5], 27: [7], 28: [8], 29: [9] };
const DEFAULT_STYLE: Style = { on: new Set(), foreground: '', background: '' };

/** The key of a style, also the SGR parameters that set it from the default. */
export function styleKey(style: Style): string {
  return [...[...style.on].sort((a, b) => a - b).map(String), style.foreground, style.background].filter(Boolean).join(';');
}

/** The style after one SGR sequence's parameters (`1;36`, `0`, `38;5;244`...). */
export function applySgr(style: Style, parameters: string): Style {
  const on = new Set(style.on);
  let { foreground, background } = style;
  const values = parameters === '' ? [0] : parameters.split(';').map((value) => Number(value || 0));
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (value === 0) {
      on.clear();
      foreground = '';
      background = '';
    } else if ((value >= 1 && value <= 9)) on.add(value);
    else if (ATTRIBUTE_OFF[value]) for (const attribute of ATTRIBUTE_OFF[value]) on.delete(attribute);
    else if (value === 38 || value === 48) {
      // 38;5;n or 38;2;r;g;b: the colour's parameters travel together
      const length = values[index + 1] === 5 ? 2 : values[index + 1] === 2 ? 4 : 0;
      const colour = values.slice(index, index + 1 + length).join(';');
      index += length;
      if (value === 38) foreground = colour;
      else background = colour;
    } else if ((value >= 30 && value <= 37) || (value >= 90 && value <= 97)) foreground = String(value);
    else if (value === 39) foreground = '';
    else if ((value >= 40 && value <= 47) || (value >= 100 && value <= 107)) background = String(value);
    else if (value === 49) background = '';
  }
  return { on, foreground, background };
}

export function styleFromKey(key: string): Style {
  return key === '' ? DEFAULT_STYLE : applySgr(DEFAULT_STYLE, key);
}

/**
 * The SGR sequence that turns style `from` into `to`, '' when they are equal: the shorter of
 * switching the differences off and on, and a reset followed by `to` (the only form a real
 * vt100 understands, which knows neither 22/27 nor colours: `resetOnly`).
 */
export function sgrTransition(from: string, to: string, resetOnly = false): string {
  if (from === to) return '';
  const reset = `\u001B[${to === '' ? '0' : `0;${to}`}m`;
  if (resetOnly || from === '') return from === '' ? `\u001B[${to}m` : reset;
  const before = styleFromKey(from);
  const after = styleFromKey(to);
  const parameters: string[] = [];
  const offCodes = new Set<number>();
  for (const attribute of before.on) {
    if (after.on.has(attribute)) continue;
    const off = Number(Object.entries(ATTRIBUTE_OFF).find(([, attributes]) => attributes.includes(attribute))?.[0]);
    offCodes.add(off);
  }
  parameters.push(...[...offCodes].map(String));
  // 22 takes bold and faint together: put back the one that stays.
  for (const attribute of after.on) if (!before.on.has(attribute) || (offCodes.has(22) && (attribute === 1 || attribute === 2))) parameters.push(String(attribute));
  if (before.foreground !== after.foreground) parameters.push(after.foreground || '39');
  if (before.background !== after.background) parameters.push(after.background || '49');
  const targeted = `\u001B[${parameters.join(';')}m`;
  return targeted.length < reset.length ? targeted : reset;
}

const SEQUENCE = /\u001B\[([0-9;?]*)([A-Za-z])/y;
/**
 * A screen holds few distinct characters, and string-width takes tens of microseconds for
 * each non-ASCII one (segmenting, Unicode property regexes): remember them.
 */
const widths = new Map<string, number>();
function graphemeWidth(grapheme: string): number {
  if (grapheme < '\u0080') return grapheme >= ' ' && grapheme !== '\u007F' ? 1 : 0;
  let width = widths.get(grapheme);
  if (width === undefined) {
    width = Math.min(2, stringWidth(grapheme));
    if (widths.size > 4096) widths.clear();
    widths.set(grapheme, width);
  }
  return width;
}

/** One frame line into at most `columns` cells; other control sequences are dropped. */
export function lineCells(line: string, columns: number): Cell[] {
  const cells: Cell[] = [];
  let style = DEFAULT_STYLE;
  let key = '';
  let index = 0;
  while (index < line.length && cells.length < columns) {
    if (line.charCodeAt(index) === 0x1b) {
      SEQUENCE.lastIndex = index;
      const match = SEQUENCE.exec(line);
      if (match) {
        if (match[2] === 'm') {
          style = applySgr(style, match[1] ?? '');
          key = styleKey(style);
        }
        index = SEQUENCE.lastIndex;
        continue;
      }
      index++; // a lone ESC is never painted
      continue;
    }
    const next = line.indexOf('\u001B', index);
    const text = line.slice(index, next === -1 ? undefined : next);
    index = next === -1 ? line.length : next;
    for (const segment of graphemesOf(text)) {
      const width = graphemeWidth(segment);
      if (width === 0) {
        const previous = cells.at(-1);
        if (previous && !isRightHalf(previous)) cells[cells.length - 1] = { text: previous.text + segment, style: previous.style };
        continue;
      }
      if (cells.length + width > columns) break; // a wide character never hangs over the edge
      cells.push({ text: segment, style: key });
      if (width === 2) cells.push({ text: '', style: key });
    }
  }
  return cells;
}
