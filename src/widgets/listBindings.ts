import { listKeys, type Binding } from './bindings.js';
import type { ListState } from './use-list-state.js';

/**
 * A list's keys around the screen's own table for it: `/` opens the filter when the list has
 * one, Esc clears a filter before it does anything else, and while the filter line is open its
 * keys are the only ones (a letter is text there, Enter keeps the rows it left).
 */
export function withListKeys<T>(list: Pick<ListState<T>, 'filter'>, bindings: readonly Binding[]): readonly Binding[] {
  const { filter } = list;
  if (filter?.editing) {
    return [
      { keys: 'Enter', label: 'keep the filter', action: filter.accept },
      { keys: 'Esc', label: 'clear the filter', action: filter.clear },
      { keys: ['Up', 'Down'], label: 'move', footer: false },
      { keys: 'Ctrl-U', label: 'clear the text', footer: false },
    ];
  }
  return [
    ...(filter?.query ? [{ keys: 'Esc', label: 'clear the filter', action: filter.clear }] : []),
    ...bindings,
    ...(filter ? [{ keys: '/', label: 'filter', action: filter.start }] : []),
    ...listKeys,
  ];
}
