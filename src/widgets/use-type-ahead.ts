import { useRef } from 'react';
import { plainLetter } from './keyParser.js';
import { useKeys } from './use-keys.js';
import type { ListState } from './use-list-state.js';

/** Letters typed within this long of each other make one prefix (as nmtui and file managers do). */
export const TYPE_AHEAD_PAUSE_MS = 1000;

/** What a typed prefix matches in a row: any of its names (a provider's id and its label). */
export type TypeAheadNames<T> = (item: T) => readonly string[];

/**
 * The index typed letters take the selection to, or undefined. A letter first searches from
 * the selected row on (`s` on S3 stays there); the same letter again goes to the next row
 * starting with it (`s`: SFTP, `s`: STORJ_IX); different letters typed quickly search a prefix.
 */
export function typeAheadIndex(names: readonly (readonly string[])[], selected: number, typed: string, again: boolean): number | undefined {
  const text = typed.toLowerCase();
  const chars = Array.from(text);
  const cycling = again && chars.every((char) => char === chars[0]);
  const prefix = cycling ? chars[0] ?? '' : text;
  const start = cycling ? selected + 1 : selected;
  for (let step = 0; step < names.length; step++) {
    const index = (start + step) % names.length;
    if (names[index]!.some((name) => name.toLowerCase().startsWith(prefix))) return index;
  }
  return undefined;
}

/** A picker's type-ahead over the list's rows. */
export function useTypeAhead<T>(list: ListState<T>, names: TypeAheadNames<T> | undefined, isActive: boolean): void {
  const typed = useRef({ text: '', at: 0 });
  useKeys((key) => {
    const letter = key.captured ? '' : plainLetter(key).toLowerCase();
    if (!names || Array.from(letter).length !== 1 || letter === ' ') return;
    const now = Date.now();
    const previous = typed.current;
    const quick = now - previous.at <= TYPE_AHEAD_PAUSE_MS;
    typed.current = { text: (quick ? previous.text : '') + letter, at: now };
    const rows = list.items;
    const current = list.current();
    const index = typeAheadIndex(rows.map(names), current === undefined ? 0 : rows.indexOf(current), typed.current.text, previous.text.endsWith(letter));
    if (index !== undefined) list.select(index);
  }, { isActive: isActive && names !== undefined });
}
