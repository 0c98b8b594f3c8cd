import { useRef } from 'react';
import { plainLetter } from './keyParser.js';
import { useKeys } from './use-keys.js';
import type { ListState } from './use-list-state.js';

/** Letters typed within this long of each other make one prefix (as nmtui and file managers do). */
export const TYPE_AHEAD_PAUSE_MS = 1000;

/**
 * The index the typed letters take the selection to, or undefined. The same letter again goes
 * to the next label starting with it (`s`: S3, `s`: SFTP); several letters search a prefix,
 * from the selected label on.
 */
export function typeAheadIndex(labels: readonly string[], selected: number, typed: string): number | undefined {
  const text = typed.toLowerCase();
  const chars = Array.from(text);
  const cycling = chars.every((char) => char === chars[0]);
  const prefix = cycling ? chars[0] ?? '' : text;
  const start = cycling ? selected + 1 : selected;
  for (let step = 0; step < labels.length; step++) {
    const index = (start + step) % labels.length;
    if (labels[index]!.toLowerCase().startsWith(prefix)) return index;
  }
  return undefined;
}

/** A picker's type-ahead over the list's rows; `label` is what a typed prefix matches. */
export function useTypeAhead<T>(list: ListState<T>, label: ((item: T) => string) | undefined, isActive: boolean): void {
  const typed = useRef({ text: '', at: 0 });
  useKeys((key) => {
    const letter = key.captured ? '' : plainLetter(key);
    if (!label || Array.from(letter).length !== 1 || letter === ' ') return;
    const now = Date.now();
    typed.current = { text: (now - typed.current.at <= TYPE_AHEAD_PAUSE_MS ? typed.current.text : '') + letter, at: now };
    const rows = list.items;
    const index = typeAheadIndex(rows.map(label), rows.indexOf(list.current()!), typed.current.text);
    if (index !== undefined) list.select(index);
  }, { isActive: isActive && label !== undefined });
}
