import React from 'react';
import { Box } from 'ink';
import { localTime } from '../../engine/formatting.js';
import type { RemoteBackup } from '../../engine/offsite/index.js';
import { columnsSearchText, List, listRows, TextLine, useListState, withListKeys, type FormValues, type ListColumn } from '../../widgets/index.js';
import { FormPanel } from '../kit/index.js';
import { useScreenBindings } from '../screenContract.js';
import type { GeneralPanelProps } from './generalScreen.js';
import { RESTORE_FIELDS, RESTORE_VALUES, restoreMessages } from './offsiteForms.js';

// Restoring from a destination: what is there (every machine's backups), then the identity
// (or passphrase) that decrypts the one chosen; the upload's question and checks follow.

const columns: readonly ListColumn<RemoteBackup>[] = [
  { header: 'Name', value: (backup) => backup.name },
  { header: 'Made', value: (backup) => localTime(backup.createdAt), width: 16 },
  { header: 'Size', value: (backup) => `${Math.ceil(backup.bytes / 1024)} KiB`, width: 9, align: 'right' },
];
const backupKey = (backup: RemoteBackup) => backup.name;
const search = columnsSearchText(columns);

export function RemoteBackupsView({ screen, panel: { destination, backups }, active }: GeneralPanelProps<'remote'>) {
  const { modes, size } = screen;
  const list = useListState(backups, listRows(size.rows - 1), backupKey, { search });
  const restore = () => {
    const backup = list.current();
    if (backup) modes.open({ kind: 'restore', id: Date.now(), destination, name: backup.name });
  };
  useScreenBindings(withListKeys(list, [{ keys: 'Enter', label: 'restore', action: restore }, { keys: 'Esc', label: 'back', action: modes.back }]), active);
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <TextLine text={`Backups on ${destination} (newest first, every machine's): Enter restores one`} width={size.columns} bold />
      <List items={backups} columns={columns} width={size.columns} height={size.rows - 1} isActive={active} emptyText="No nasconsole backup there yet." state={list} />
    </Box>
  );
}

export function RestoreForm({ screen, panel: { destination, name, focus }, active }: GeneralPanelProps<'restore'>) {
  const { modes, size, task } = screen;
  const submit = (values: FormValues) => {
    const identity = String(values.identity ?? '');
    const passphrase = String(values.passphrase ?? '');
    if (!identity.trim() && !passphrase) {
      task.status.error('Paste the identity kept off this machine, or give the passphrase of a backup pushed with one.');
      return;
    }
    const source = { from: 'destination' as const, destination, name };
    modes.open({ kind: 'confirm-upload', request: { source, identity, passphrase, discardSecrets: false, skipInvalid: false, fromForm: true } });
  };
  return (
    <FormPanel
      title={`Restore ${name} from ${destination}`}
      size={size}
      isActive={active}
      formKeys={{ reveal: true, multiline: true }}
      fields={RESTORE_FIELDS}
      initialValues={RESTORE_VALUES}
      {...(focus ? { initialFocus: focus } : {})}
      messages={restoreMessages}
      submitLabel="Restore"
      onSubmit={submit}
      onCancel={modes.back}
    />
  );
}
