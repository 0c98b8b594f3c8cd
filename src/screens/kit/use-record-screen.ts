import { useCallback, useEffect, useMemo } from 'react';
import type { Store } from '../../engine/store/index.js';
import { columnsSearchText, listRows, rowsAboveConfirm, useListState, type ListColumn, type ListState } from '../../widgets/index.js';
import type { ScreenProps } from '../screenContract.js';
import { useRecordModes, type RecordModes } from './use-record-modes.js';
import { useStoreData, type StoreData } from './use-store-data.js';
import { useTask, type Task } from './use-task.js';

export interface RecordScreenSpec<T> {
  /** The records of the list, read from the store (a module-level function: it is a memo dependency). */
  readonly load: (store: Store) => T[];
  readonly getKey: (record: T) => string;
  /** What the list shows, and so what `/` searches (a row matches what its columns say). */
  readonly columns?: readonly ListColumn<T>[] | ((width: number) => readonly ListColumn<T>[]);
}

/** Everything a record screen's parts share: see RecordScreen.tsx for the shape it draws. */
export interface RecordScreenState<T, P> {
  readonly records: readonly T[];
  readonly list: ListState<T>;
  readonly modes: RecordModes<P>;
  readonly data: StoreData;
  readonly task: Task;
  readonly size: ScreenProps['size'];
  readonly active: boolean;
  /** The engine's objects (preferences: where a path field starts). */
  readonly services: ScreenProps['services'];
  /** The list has the keyboard: no panel, no question, no work running. */
  readonly listActive: boolean;
  /** The panel shown has the keyboard. */
  readonly panelActive: boolean;
  /** An action on the row highlighted when its key is read: nothing when the list is empty. */
  onRow(act: (record: T) => void): () => void;
  /**
   * Quick work from a panel (a rename, an export): when `work` succeeds the screen reads the
   * store again, goes back to where the panel was opened from and says what `work` returns.
   */
  finish(work: () => string): void;
}

const NONE: never[] = [];

/**
 * The one shape of a screen of records (credentials, connections, keypairs): a list kept
 * mounted under its panels (so its selection survives them), panels opened from it and
 * closed back to where they came from, a question asked under the list, one task at a time,
 * and the store read again whenever it changes.
 */
export function useRecordScreen<T, P>({ services, active, size }: ScreenProps, spec: RecordScreenSpec<T>): RecordScreenState<T, P> {
  const task = useTask(active);
  const { status } = task;
  const clearStatus = useCallback(() => status.clear(), [status]);
  const modes = useRecordModes<P>(clearStatus);
  const { home } = modes;
  const { cancel } = task;
  const onReplaced = useCallback(() => {
    // An uploaded configuration: what runs works on the old one, what is shown may be gone.
    cancel();
    home();
  }, [cancel, home]);
  const data = useStoreData(services, active, { onReplaced });
  const { load, getKey, columns } = spec;
  const records = useMemo(() => (data.shown ? data.read(load, NONE as T[]) : (NONE as T[])), [data, load]);
  const listHeight = listRows(rowsAboveConfirm(size.columns, size.rows, modes.question));
  const search = useMemo(() => (columns ? columnsSearchText(typeof columns === 'function' ? columns(size.columns) : columns) : undefined), [columns, size.columns]);
  const list = useListState(records, listHeight, getKey, { search });
  const busy = task.running !== null;
  const onRow = useCallback((act: (record: T) => void) => () => {
    const record = list.current();
    if (record !== undefined) act(record);
  }, [list]);
  const finish = (work: () => string) => {
    let done = '';
    if (!task.attempt(() => void (done = work()))) return;
    data.changed();
    modes.back();
    status.success(done);
  };
  return {
    records,
    list,
    modes,
    data,
    task,
    size,
    active,
    services,
    listActive: active && modes.panel === undefined && modes.question === undefined && !busy,
    panelActive: active && modes.question === undefined && !busy,
    onRow,
    finish,
  };
}

/**
 * The record a panel shows, read again whenever the store changes; when it is gone (deleted
 * here or elsewhere, or the store replaced) the screen goes back to its list. `load` is a
 * memo dependency: give it from useCallback.
 */
export function useShownRecord<T, P, R>(screen: RecordScreenState<T, P>, load: (store: Store) => R): R | undefined {
  const { data, modes } = screen;
  const record = useMemo(() => data.find(load), [data, load]);
  const { home } = modes;
  useEffect(() => {
    if (record === undefined) home();
  }, [record, home]);
  return record;
}
