import { useCallback, useMemo, useReducer, useRef } from 'react';
import { SearchIndex, type SearchText } from './listFilter.js';

/**
 * Selection and scroll window of a list: only rows offset..offset+height are rendered, so a
 * list of 10,000 rows costs the same per key as one of 20.
 */
export interface ListWindow {
  readonly selected: number;
  readonly offset: number;
}

export type ListMove = 'up' | 'down' | 'pageup' | 'pagedown' | 'home' | 'end';

export type ListAction =
  | { readonly type: 'move'; readonly move: ListMove; readonly count: number; readonly height: number }
  | { readonly type: 'select'; readonly index: number; readonly count: number; readonly height: number };

/** Keeps `selected` inside 0..count-1 and the window around it. */
export function clampWindow(state: ListWindow, count: number, height: number): ListWindow {
  const rows = Math.max(1, height);
  const selected = count === 0 ? 0 : Math.min(Math.max(0, state.selected), count - 1);
  let offset = Math.min(state.offset, Math.max(0, count - rows));
  if (selected < offset) offset = selected;
  if (selected >= offset + rows) offset = selected - rows + 1;
  offset = Math.max(0, offset);
  return offset === state.offset && selected === state.selected ? state : { selected, offset };
}

function target(move: ListMove, selected: number, count: number, height: number): number {
  const page = Math.max(1, height - 1);
  switch (move) {
    case 'up': return selected - 1;
    case 'down': return selected + 1;
    case 'pageup': return selected - page;
    case 'pagedown': return selected + page;
    case 'home': return 0;
    case 'end': return count - 1;
  }
}

export function listReducer(state: ListWindow, action: ListAction): ListWindow {
  const index = action.type === 'select' ? action.index : target(action.move, state.selected, action.count, action.height);
  return clampWindow({ ...state, selected: index }, action.count, action.height);
}

/** The `/` filter of a list: the rows shown are those whose search text holds the query. */
export interface ListFilter {
  readonly query: string;
  /** The filter line has the keyboard: typed text goes to the query. */
  readonly editing: boolean;
  /** Rows shown, of `total`. */
  readonly matches: number;
  readonly total: number;
  /** `/`: opens the filter line. */
  start(): void;
  setQuery(query: string): void;
  /** Enter: leaves the filter line, keeping the rows it left. */
  accept(): void;
  /** Esc: every row again, the selection kept on the row it was on. */
  clear(): void;
}

/** The selection of a list, readable at any moment (not only as of the last frame). */
export interface ListState<T> extends ListWindow {
  /** The rows shown: all of them, or those the filter leaves. */
  readonly items: readonly T[];
  /** Present when the list can be filtered (it was given a search text). */
  readonly filter: ListFilter | undefined;
  move(to: ListMove): void;
  select(index: number): void;
  /** Selects the item with this key as soon as the items hold it (a record just added). */
  selectKey(key: string): void;
  /**
   * The item highlighted now: a key read right after an arrow key, before the frame that shows
   * the move, acts on the row the arrow moved to.
   */
  current(): T | undefined;
}

interface Selection {
  readonly window: ListWindow;
  /** The selected item's key: when the items change (a reload, a delete), the selection follows it. */
  readonly key: string | undefined;
}

export interface ListStateOptions<T> {
  /** Makes the list filterable (`/`): the text a row is searched by (see columnsSearchText). */
  readonly search?: SearchText<T> | undefined;
}

/**
 * Where the item with `key` is: looked for where it was first (every render and key reads it, so
 * a list of 100,000 rows must not be searched each time), then everywhere (the items changed).
 */
function indexOfKey<T>(items: readonly T[], keyOf: (item: T) => string, key: string, near: number): number {
  const there = items[near];
  if (there !== undefined && keyOf(there) === key) return near;
  return items.findIndex((item) => keyOf(item) === key);
}

/**
 * The selection lives in a ref, changed at once by each key; a render follows to show it. So
 * actions read `current()` and never a selection one frame old, however fast keys come.
 */
export function useListState<T>(items: readonly T[], height: number, getKey?: (item: T) => string, options: ListStateOptions<T> = {}): ListState<T> {
  const [, render] = useReducer((count: number) => count + 1, 0);
  const selection = useRef<Selection>({ window: { selected: 0, offset: 0 }, key: undefined });
  const filtering = useRef({ query: '', editing: false });
  const index = useRef<SearchIndex<T> | undefined>(undefined);
  const searchText = useRef(options.search);
  searchText.current = options.search;
  const search = options.search !== undefined;
  const { query, editing } = filtering.current;
  const indexOf = useCallback((rows: readonly T[]): SearchIndex<T> | undefined => {
    if (!searchText.current) return undefined;
    if (index.current?.items !== rows) index.current = new SearchIndex(rows, searchText.current); // once per load
    return index.current;
  }, []);
  const shownFor = useCallback((rows: readonly T[], text: string): readonly T[] => (text ? indexOf(rows)?.matching(text) ?? rows : rows), [indexOf]);
  const shown = useMemo(() => shownFor(items, query), [shownFor, items, query]);
  const latest = useRef({ all: items, items: shown, height, getKey, shownFor });
  latest.current = { all: items, items: shown, height, getKey, shownFor };

  const resolve = useCallback((): ListWindow => {
    const { items: rows, height: rowsHigh, getKey: keyOf } = latest.current;
    const { window, key } = selection.current;
    const found = keyOf && key !== undefined ? indexOfKey(rows, keyOf, key, window.selected) : -1;
    return clampWindow(found >= 0 ? { ...window, selected: found } : window, rows.length, rowsHigh);
  }, []);
  const commit = useCallback((window: ListWindow, key?: string) => {
    const { items: rows, getKey: keyOf } = latest.current;
    const item = rows[window.selected];
    selection.current = { window, key: key ?? (item !== undefined && keyOf ? keyOf(item) : undefined) };
    render();
  }, []);

  const filter = useMemo((): ListFilter | undefined => {
    if (!search) return undefined;
    const change = (next: { query?: string; editing?: boolean }) => {
      const before = filtering.current.query;
      filtering.current = { ...filtering.current, ...next };
      if (filtering.current.query === before) return render();
      // Applied at once, not at the next frame: a key typed next acts on the rows shown now.
      const rows = latest.current.shownFor(latest.current.all, filtering.current.query);
      latest.current = { ...latest.current, items: rows };
      const { key } = selection.current;
      const keyOf = latest.current.getKey;
      const kept = keyOf && key !== undefined && rows.some((item) => keyOf(item) === key);
      // The row selected stays selected while it matches; else the first match is.
      commit(kept ? resolve() : clampWindow({ selected: 0, offset: 0 }, rows.length, latest.current.height), kept ? key : undefined);
    };
    return {
      query,
      editing,
      matches: shown.length,
      total: items.length,
      start: () => {
        indexOf(latest.current.all)?.prepare(); // the search texts are made on `/`, not on the first letter
        change({ editing: true });
      },
      setQuery: (text: string) => change({ query: text }),
      accept: () => change({ editing: false }),
      clear: () => change({ query: '', editing: false }),
    };
  }, [search, query, editing, shown, items, resolve, commit, indexOf]);

  const { selected, offset } = resolve();
  return useMemo(() => ({
    selected,
    offset,
    items: shown,
    filter,
    move: (to: ListMove) => {
      const { items: rows, height: rowsHigh } = latest.current;
      commit(listReducer(resolve(), { type: 'move', move: to, count: rows.length, height: rowsHigh }));
    },
    select: (index: number) => {
      const { items: rows, height: rowsHigh } = latest.current;
      commit(listReducer(resolve(), { type: 'select', index, count: rows.length, height: rowsHigh }));
    },
    selectKey: (key: string) => commit(resolve(), key),
    current: () => latest.current.items[resolve().selected],
  }), [selected, offset, shown, filter, resolve, commit]);
}
