import React, { useEffect, useRef } from 'react';
import { Box, Text } from 'ink';
import { Inverse } from './Inverse.js';
import { useKeys } from './use-keys.js';
import { useListState, type ListMove } from './use-list-state.js';
import { useTheme } from './theme.js';
import { displayText, padText } from './text.js';
import type { KeyName } from './keys.js';

export interface ListColumn<T> {
  readonly header: string;
  readonly value: (item: T) => string;
  /** Fixed width in cells; columns without one share what is left. */
  readonly width?: number;
  readonly align?: 'left' | 'right';
}

export interface ListProps<T> {
  readonly items: readonly T[];
  readonly columns: readonly ListColumn<T>[];
  readonly width: number;
  /** Rows available, header included. */
  readonly height: number;
  readonly isActive?: boolean;
  readonly showHeader?: boolean;
  readonly emptyText?: string;
  /** Keeps the selection on the same item when the items change (after a delete, a reload). */
  readonly getKey?: (item: T) => string;
  readonly onHighlight?: (item: T | undefined, index: number) => void;
  readonly onSubmit?: (item: T, index: number) => void;
}

const moves: Partial<Record<KeyName, ListMove>> = {
  up: 'up', down: 'down', pageup: 'pageup', pagedown: 'pagedown', home: 'home', end: 'end',
};

function columnWidths<T>(columns: readonly ListColumn<T>[], width: number): number[] {
  const gaps = columns.length; // pointer column + one space between columns
  const fixed = columns.reduce((sum, column) => sum + (column.width ?? 0), 0);
  const flexible = columns.filter((column) => column.width === undefined).length;
  const share = flexible ? Math.max(4, Math.floor((width - 1 - gaps - fixed) / flexible)) : 0;
  return columns.map((column) => column.width ?? share);
}

/** Arrow keys, PgUp/PgDn and Home/End move the selection; Enter submits the selected item. */
export function List<T>(props: ListProps<T>) {
  const { items, columns, width, height, isActive = true, showHeader = true, emptyText = 'Nothing here yet.', getKey, onHighlight, onSubmit } = props;
  const theme = useTheme();
  const rows = Math.max(1, height - (showHeader ? 1 : 0));
  const list = useListState(items.length, rows);
  const widths = columnWidths(columns, width);
  const cells = (values: string[]) =>
    values.map((value, index) => padText(displayText(value, theme.ascii), widths[index] ?? 0, theme.symbols.ellipsis, columns[index]?.align)).join(' ');

  // The key selected at the last commit: when the items change, the selection follows it.
  const selectedKey = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!getKey || selectedKey.current === undefined) return;
    const index = items.findIndex((item) => getKey(item) === selectedKey.current);
    if (index >= 0 && index !== list.selected) list.select(index);
  }, [items]); // eslint-disable-line react-hooks/exhaustive-deps
  const selectedItem = items[list.selected];
  useEffect(() => {
    selectedKey.current = selectedItem && getKey ? getKey(selectedItem) : undefined;
  });
  useEffect(() => onHighlight?.(selectedItem, list.selected), [selectedItem, list.selected]); // eslint-disable-line react-hooks/exhaustive-deps

  useKeys((key) => {
    const move = moves[key.name];
    if (move) list.move(move);
    else if (key.name === 'return' && selectedItem !== undefined) onSubmit?.(selectedItem, list.selected);
  }, { isActive });

  const end = Math.min(items.length, list.offset + rows);
  const position = items.length > rows ? `${list.offset + 1}-${end}/${items.length}` : '';
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {showHeader ? (
        <Box>
          <Text bold color={theme.colors.muted}>{(' ' + cells(columns.map((column) => column.header))).trimEnd()}</Text>
          <Box flexGrow={1} />
          {position ? <Text color={theme.colors.muted}>{` ${position}`}</Text> : null}
        </Box>
      ) : null}
      {items.length === 0 ? <Text color={theme.colors.muted}>{` ${displayText(emptyText, theme.ascii)}`}</Text> : null}
      {items.slice(list.offset, end).map((item, visibleIndex) => {
        const index = list.offset + visibleIndex;
        const selected = index === list.selected;
        const text = cells(columns.map((column) => column.value(item))).trimEnd();
        return (
          <Text key={getKey ? getKey(item) : index}>
            {selected && isActive ? theme.symbols.pointer : ' '}
            <Inverse enabled={selected}>{text}</Inverse>
          </Text>
        );
      })}
    </Box>
  );
}
