import React, { type ReactNode } from 'react';
import { Box } from 'ink';
import { List, listKeys, WithConfirmBelow, type Binding, type ListColumn } from '../../widgets/index.js';
import { useScreenBindings, useScreenKeys } from '../screenContract.js';
import type { RecordScreenState } from './use-record-screen.js';

export interface RecordScreenProps<T, P> {
  readonly screen: RecordScreenState<T, P>;
  readonly columns: readonly ListColumn<T>[];
  readonly emptyText: string;
  /** The list's keys; its arrows and paging are added (the list reads them itself). */
  readonly bindings: readonly Binding[];
  /** Draws one panel of `screen.modes.stack`; `active`: it is on top and has the keyboard. */
  readonly panel: (panel: P, active: boolean) => ReactNode;
}

/**
 * Draws a record screen: the list, the question under it, or the panel on top. What is under
 * the top stays mounted and hidden (the list's selection, a form's typed values), so going
 * back finds it as it was. The list's keys act on `screen.list.current()`, the row highlighted
 * when the key is read.
 */
export function RecordScreen<T, P>({ screen, columns, emptyText, bindings, panel }: RecordScreenProps<T, P>) {
  const { size, modes, list, records, listActive } = screen;
  const { question, stack } = modes;
  useScreenBindings([...bindings, ...listKeys], listActive);
  useScreenKeys([], screen.active && question !== undefined); // the question reads y/n itself
  const showList = stack.length === 0 || question !== undefined;
  const answer = (yes: boolean) => {
    modes.answered();
    if (yes) question?.onYes();
    else question?.onNo?.();
  };
  const confirm = question
    ? { title: question.title, message: question.message, yesLabel: question.yesLabel, noLabel: question.noLabel, isActive: screen.active && screen.task.running === null, onAnswer: answer }
    : undefined;
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <WithConfirmBelow width={size.columns} height={size.rows} visible={showList} confirm={confirm}>
        {(rows) => <List items={records} columns={columns} width={size.columns} height={rows} isActive={listActive} emptyText={emptyText} state={list} />}
      </WithConfirmBelow>
      {stack.map((entry, index) => {
        const top = index === stack.length - 1 && !showList;
        return (
          <Box key={index} display={top ? 'flex' : 'none'} flexDirection="column" width={size.columns} height={size.rows}>
            {panel(entry, top && screen.panelActive)}
          </Box>
        );
      })}
    </Box>
  );
}
