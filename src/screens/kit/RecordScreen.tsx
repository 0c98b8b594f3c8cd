import React, { type ComponentType, type ReactNode } from 'react';
import { Box } from 'ink';
import { List, WithConfirmBelow, withListKeys, type Binding, type ListColumn } from '../../widgets/index.js';
import { useScreenBindings, useScreenKeys, type ScreenProps } from '../screenContract.js';
import { questionDialog } from './use-record-modes.js';
import { useRecordScreen, type RecordScreenSpec, type RecordScreenState } from './use-record-screen.js';

/** What a panel component gets: what the screen shares (`screen`), its own panel, whether it has the keyboard. */
export interface PanelProps<P, S> {
  readonly screen: S;
  readonly panel: P;
  /** On top, and the screen has the keyboard with no work running. */
  readonly active: boolean;
}

/** The component that draws each kind of panel, given the panel of its kind. */
export type PanelComponents<P extends { readonly kind: string }, S> = {
  readonly [K in P['kind']]: ComponentType<PanelProps<Extract<P, { readonly kind: K }>, S>>;
};

export interface RecordScreenProps<T, P extends { readonly kind: string }, S> {
  readonly screen: RecordScreenState<T, P>;
  readonly columns: readonly ListColumn<T>[];
  readonly emptyText: string;
  /** The list's keys; its arrows, paging and `/` filter are added (the list reads them itself). */
  readonly bindings: readonly Binding[];
  /** What the panels share: the screen state, or more (a screen's own hooks). */
  readonly shared: S;
  readonly panels: PanelComponents<P, S>;
}

/** Panels of one kind and id are the same panel (its state is kept); another id is another panel. */
const panelKey = (panel: { readonly kind: string }, index: number) => `${index}:${panel.kind}:${'id' in panel ? String(panel.id) : ''}`;

export interface PanelStackProps<P extends { readonly kind: string }> {
  readonly stack: readonly P[];
  /** The top panel is shown (a question over the list hides them all). */
  readonly shown: boolean;
  readonly width: number;
  readonly height: number;
  /** Draws one panel; `top`: it is the one shown. */
  readonly children: (panel: P, top: boolean) => ReactNode;
}

/**
 * The panels opened, each kept mounted (hidden) under the next, so going back finds a form's
 * typed values and a list's selection as they were. Reopening a panel anew takes a new `id`.
 */
export function PanelStack<P extends { readonly kind: string }>({ stack, shown, width, height, children }: PanelStackProps<P>) {
  return (
    <>
      {stack.map((entry, index) => {
        const top = index === stack.length - 1 && shown;
        return (
          <Box key={panelKey(entry, index)} display={top ? 'flex' : 'none'} flexDirection="column" width={width} height={height}>
            {children(entry, top)}
          </Box>
        );
      })}
    </>
  );
}

/**
 * Draws a record screen: the list, the question under it, or the panel on top. What is under
 * the top stays mounted and hidden (the list's selection, a form's typed values), so going
 * back finds it as it was. The list's keys act on `screen.list.current()`, the row highlighted
 * when the key is read.
 */
export function RecordScreen<T, P extends { readonly kind: string }, S>({ screen, columns, emptyText, bindings, shared, panels }: RecordScreenProps<T, P, S>) {
  const { size, modes, list, records, listActive } = screen;
  const { question, stack } = modes;
  useScreenBindings(withListKeys(list, bindings), listActive);
  useScreenKeys([], screen.active && question !== undefined); // the question reads y/n itself
  const showList = stack.length === 0 || question !== undefined;
  const confirm = questionDialog(modes, screen.active && screen.task.running === null);
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <WithConfirmBelow width={size.columns} height={size.rows} visible={showList} confirm={confirm}>
        {(rows) => <List items={records} columns={columns} width={size.columns} height={rows} isActive={listActive} emptyText={emptyText} state={list} />}
      </WithConfirmBelow>
      <PanelStack stack={stack} shown={!showList} width={size.columns} height={size.rows}>
        {(entry, top) => {
          const Panel = panels[entry.kind as P['kind']] as ComponentType<PanelProps<P, S>>;
          return <Panel screen={shared} panel={entry} active={top && screen.panelActive} />;
        }}
      </PanelStack>
    </Box>
  );
}

/** A record screen, declared: what it lists, its list's keys, the panels it opens. */
export interface RecordScreenDefinition<T, P extends { readonly kind: string }, S> extends RecordScreenSpec<T> {
  readonly columns: readonly ListColumn<T>[] | ((width: number) => readonly ListColumn<T>[]);
  readonly emptyText: string;
  /** The list's keys (act on the highlighted row with `screen.onRow`). */
  readonly bindings: (shared: S) => readonly Binding[];
  readonly panels: PanelComponents<P, S>;
  /**
   * The screen's own hooks (verify all, the last failed verify), returning what its keys and
   * panels share. Without it they share the record screen's state.
   */
  readonly useShared?: (screen: RecordScreenState<T, P>, props: ScreenProps) => S;
}

const useRecordScreenItself = <S,>(screen: unknown): S => screen as S;

/** The screen component of a declared record screen: the whole skeleton is here, once. */
export function recordScreen<T, P extends { readonly kind: string }, S = RecordScreenState<T, P>>(definition: RecordScreenDefinition<T, P, S>): ComponentType<ScreenProps> {
  const useShared = definition.useShared ?? useRecordScreenItself;
  const { columns, emptyText, bindings, panels } = definition;
  return function DeclaredRecordScreen(props: ScreenProps) {
    const screen = useRecordScreen<T, P>(props, definition);
    const shared = useShared(screen, props) as S;
    return <RecordScreen screen={screen} columns={typeof columns === 'function' ? columns(props.size.columns) : columns} emptyText={emptyText} bindings={bindings(shared)} shared={shared} panels={panels} />;
  };
}
