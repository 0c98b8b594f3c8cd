import { useCallback, useReducer } from 'react';

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

export function useListState(count: number, height: number, initialIndex = 0) {
  const [raw, dispatch] = useReducer(listReducer, { selected: initialIndex, offset: 0 });
  // Rows may be added or removed, or the window resized, between keys.
  const state = clampWindow(raw, count, height);
  const move = useCallback((to: ListMove) => dispatch({ type: 'move', move: to, count, height }), [count, height]);
  const select = useCallback((index: number) => dispatch({ type: 'select', index, count, height }), [count, height]);
  return { ...state, move, select };
}
