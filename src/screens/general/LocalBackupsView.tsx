import React from 'react';
import { Box, Text } from 'ink';
import type { BackupEntry } from '../../engine/backups.js';
import { localTime } from '../../engine/formatting.js';
import { columnsSearchText, List, listRows, useListState, withListKeys, type ListColumn } from '../../widgets/index.js';
import { useScreenBindings } from '../screenContract.js';
import type { GeneralPanelProps } from './generalScreen.js';

const backupColumns: readonly ListColumn<BackupEntry>[] = [
  { header: 'Name', value: (backup) => backup.name },
  { header: 'Kind', value: (backup) => backup.kind, width: 10 },
  { header: 'Created', value: (backup) => localTime(backup.createdAt), width: 16 },
  { header: 'Size', value: (backup) => `${Math.ceil(backup.bytes / 1024)} KiB`, width: 9, align: 'right' },
];
const backupKey = (backup: BackupEntry) => backup.name;
const search = columnsSearchText(backupColumns);

/** The backups kept in the data dir: Enter restores one (after the upload's question). */
export function LocalBackupsView({ screen, active }: GeneralPanelProps<'backups'>) {
  const { modes, size, backups } = screen;
  const list = useListState(backups, listRows(size.rows - 1), backupKey, { search });
  const restore = () => {
    const backup = list.current();
    if (!backup) return;
    const request = { source: { from: 'file' as const, path: backup.path }, passphrase: '', identity: '', discardSecrets: false, skipInvalid: false, fromForm: false };
    modes.open({ kind: 'confirm-upload', request });
  };
  useScreenBindings(withListKeys(list, [{ keys: 'Enter', label: 'restore', action: restore }, { keys: 'Esc', label: 'back', action: modes.home }]), active);
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <Text bold>Backups (newest first): Enter restores one</Text>
      <List items={backups} columns={backupColumns} width={size.columns} height={size.rows - 1} isActive={active} emptyText="No backups yet: the daily backup runs at 03:45." state={list} />
    </Box>
  );
}
