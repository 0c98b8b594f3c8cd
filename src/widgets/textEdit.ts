/**
 * Caret editing on plain strings, by code point so that a pasted emoji is one character.
 * Pure functions: the form reducer calls them and keeps the result.
 */
export interface Caret {
  readonly value: string;
  readonly cursor: number;
}

const chars = (value: string) => Array.from(value);

export function clampCaret(value: string, cursor: number): number {
  return Math.min(Math.max(0, cursor), chars(value).length);
}

export function insertText({ value, cursor }: Caret, text: string): Caret {
  const list = chars(value);
  const inserted = chars(text);
  list.splice(cursor, 0, ...inserted);
  return { value: list.join(''), cursor: cursor + inserted.length };
}

export function deleteBackward({ value, cursor }: Caret): Caret {
  if (cursor <= 0) return { value, cursor };
  const list = chars(value);
  list.splice(cursor - 1, 1);
  return { value: list.join(''), cursor: cursor - 1 };
}

export function deleteForward({ value, cursor }: Caret): Caret {
  const list = chars(value);
  if (cursor >= list.length) return { value, cursor };
  list.splice(cursor, 1);
  return { value: list.join(''), cursor };
}

/** Line and column of the caret in a multi-line value. */
export function caretPosition(value: string, cursor: number): { line: number; column: number } {
  const before = chars(value).slice(0, cursor).join('').split('\n');
  return { line: before.length - 1, column: chars(before[before.length - 1] ?? '').length };
}

/** The caret one line up or down, or undefined at the first/last line. */
export function moveLine(value: string, cursor: number, delta: -1 | 1): number | undefined {
  const lines = value.split('\n');
  const { line, column } = caretPosition(value, cursor);
  const targetLine = line + delta;
  if (targetLine < 0 || targetLine >= lines.length) return undefined;
  let offset = 0;
  for (let index = 0; index < targetLine; index++) offset += chars(lines[index] ?? '').length + 1;
  return offset + Math.min(column, chars(lines[targetLine] ?? '').length);
}

/** Start and end of the caret's line (Home/End in a multi-line field). */
export function lineBounds(value: string, cursor: number): { start: number; end: number } {
  const { line } = caretPosition(value, cursor);
  const lines = value.split('\n');
  let start = 0;
  for (let index = 0; index < line; index++) start += chars(lines[index] ?? '').length + 1;
  return { start, end: start + chars(lines[line] ?? '').length };
}

/** What typing or pasting may put into a field of this kind. */
export function cleanInput(text: string, kind: 'line' | 'multiline' | 'number', allowNegative = false): string {
  if (kind === 'multiline') {
    return text.replace(/\r\n?/g, '\n').replace(/\t/g, '  ').replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, '');
  }
  const line = text.replace(/[\u0000-\u001F\u007F]/g, '');
  if (kind === 'number') return line.replace(allowNegative ? /[^0-9-]/g : /[^0-9]/g, '');
  return line;
}
