import React from 'react';
import { Text } from 'ink';
import { Inverse } from './Inverse.js';
import type { KeyPress } from './keyParser.js';
import { useTheme } from './theme.js';
import { displayText, fitText } from './text.js';
import { useCaptureKeys, useKeys } from './use-keys.js';
import type { ListFilter } from './use-list-state.js';

const count = (value: number) => value.toLocaleString('en-US');

/** The filter's line, in place of the list's header: `/s3  12 of 10,000`, a caret while typing. */
export function FilterLine({ filter, width }: { filter: ListFilter; width: number }) {
  const theme = useTheme();
  const tally = `  ${count(filter.matches)} of ${count(filter.total)}`;
  const query = fitText(displayText(filter.query, theme.ascii), Math.max(1, width - tally.length - 3), theme.symbols.ellipsis);
  return (
    <Text>
      <Text bold color={theme.colors.key}>/</Text>
      {query}
      {filter.editing ? <Inverse> </Inverse> : null}
      <Text color={theme.colors.muted}>{tally}</Text>
    </Text>
  );
}

const isCtrl = (key: KeyPress, letter: string) => key.name === 'char' && key.ctrl && key.text === letter;

/**
 * While the filter line is open it holds the keyboard for text (the shell's q, ?, digits and the
 * screen's letters stand aside): typed and pasted text, Backspace, Ctrl-U. Enter and Esc are in
 * the list's bindings (`withListKeys`), arrows still move.
 */
export function useFilterTyping(filter: ListFilter | undefined, isActive: boolean): void {
  const editing = isActive && filter?.editing === true;
  useCaptureKeys(editing);
  useKeys((key) => {
    if (!filter) return;
    const typed = (key.name === 'char' && !key.ctrl && !key.meta) || key.name === 'paste';
    if (typed) filter.setQuery(filter.query + key.text.replace(/[\u0000-\u001F\u007F]/g, ''));
    else if (key.name === 'backspace') filter.setQuery(Array.from(filter.query).slice(0, -1).join(''));
    else if (isCtrl(key, 'u')) filter.setQuery('');
  }, { isActive: editing });
}
