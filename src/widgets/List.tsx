import React from 'react';
import { Box, Text } from 'ink';
import { Inverse } from './Inverse.js';
import type { KeyName } from './keyParser.js';
import { FilterLine, useFilterTyping } from './ListFilterLine.js';
import { useTypeAhead, type TypeAheadNames } from './use-type-ahead.js';
import { useKeys } from './use-keys.js';
import { useListState, type ListMove, type ListState } from './use-list-state.js';
import { useTheme } from './theme.js';
import { displayText, padText } from './text.js';

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
  /**
   * The selection, when its owner acts on it (`useListState(items, listRows(height), getKey)`);
   * else the list keeps its own.
   */
  readonly state?: ListState<T>;
  /** Enter on the selected item. */
  readonly onSubmit?: (item: T) => void;
  /** A picker's type-ahead: letters typed jump to the next item with a name starting with them. */
  readonly typeAhead?: TypeAheadNames<T>;
}

const moves: Partial<Record<KeyName, ListMove>> = {
  up: 'up', down: 'down', pageup: 'pageup', pagedown: 'pagedown', home: 'home', end: 'end',
};

/** The rows of items a list of `height` shows: one goes to the header. */
export function listRows(height: number, showHeader = true): number {
  return Math.max(1, height - (showHeader ? 1 : 0));
}

function columnWidths<T>(columns: readonly ListColumn<T>[], width: number): number[] {
  const gaps = columns.length; // pointer column + one space between columns
  const fixed = columns.reduce((sum, column) => sum + (column.width ?? 0), 0);
  const flexible = columns.filter((column) => column.width === undefined).length;
  const share = flexible ? Math.max(4, Math.floor((width - 1 - gaps - fixed) / flexible)) : 0;
  return columns.map((column) => column.width ?? share);
}

/**
 * Arrow keys, PgUp/PgDn and Home/End move the selection; Enter submits the selected item. A
 * list whose state has a filter (`useListState(..., { search })`) shows its filter line in
 * place of the header and reads the text typed into it; `withListKeys` gives its keys.
 */
export function List<T>(props: ListProps<T>) {
  const { columns, width, height, isActive = true, showHeader = true, emptyText = 'Nothing here yet.', getKey, state, onSubmit, typeAhead } = props;
  const theme = useTheme();
  const rows = listRows(height, showHeader);
  const own = useListState(props.items, rows, getKey);
  const list = state ?? own;
  const { items, filter } = list; // the rows the filter leaves (all without one)
  const filtering = filter?.editing === true;
  useFilterTyping(filter, isActive);
  useTypeAhead(list, typeAhead, isActive && !filtering);
  const widths = columnWidths(columns, width);
  const cells = (values: string[]) =>
    values.map((value, index) => padText(displayText(value, theme.ascii), widths[index] ?? 0, theme.symbols.ellipsis, columns[index]?.align)).join(' ');

  useKeys((key) => {
    const move = moves[key.name];
    if (move) list.move(move);
    else if (key.name === 'return' && onSubmit && !filtering) {
      const item = list.current();
      if (item !== undefined) onSubmit(item);
    }
  }, { isActive });

  const end = Math.min(items.length, list.offset + rows);
  const position = items.length > rows ? `${list.offset + 1}-${end}/${items.length}` : '';
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {showHeader && filter && (filtering || filter.query) ? (
        <Box>
          <FilterLine filter={filter} width={width - position.length - 1} />
          <Box flexGrow={1} />
          {position ? <Text color={theme.colors.muted}>{` ${position}`}</Text> : null}
        </Box>
      ) : showHeader ? (
        <Box>
          <Text bold color={theme.colors.muted}>{(' ' + cells(columns.map((column) => column.header))).trimEnd()}</Text>
          <Box flexGrow={1} />
          {position ? <Text color={theme.colors.muted}>{` ${position}`}</Text> : null}
        </Box>
      ) : null}
      {items.length === 0 ? <Text color={theme.colors.muted}>{` ${displayText(filter?.query ? 'Nothing matches the filter.' : emptyText, theme.ascii)}`}</Text> : null}
      {items.slice(list.offset, end).map((item, visibleIndex) => {
        const index = list.offset + visibleIndex;
        const selected = index === list.selected;
        const text = cells(columns.map((column) => column.value(item))).trimEnd();
        // The pointer column alone in inverse video: clear on a monochrome vt100 (a block where
        // the list is not focused), and a move repaints two cells, not two whole rows.
        return (
          <Text key={getKey ? getKey(item) : index}>
            {selected ? <Inverse>{isActive ? theme.symbols.pointer : ' '}</Inverse> : ' '}
            {text}
          </Text>
        );
      })}
    </Box>
  );
}
