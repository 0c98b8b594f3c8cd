import React from 'react';
import { Box } from 'ink';
import { providers, type ProviderDefinition } from '../../providers/index.js';
import { columnsSearchText, List, listRows, TextLine, useListState, withListKeys, type ListColumn } from '../../widgets/index.js';
import { useScreenBindings } from '../screenContract.js';

export interface ProviderPickerProps {
  readonly width: number;
  readonly height: number;
  readonly isActive: boolean;
  readonly onPick: (provider: ProviderDefinition) => void;
  readonly onCancel: () => void;
}

const columns: readonly ListColumn<ProviderDefinition>[] = [
  { header: 'Provider', value: (provider) => provider.label, width: 30 },
  { header: 'Id', value: (provider) => provider.id, width: 22 },
  { header: 'Login', value: (provider) => (provider.oauth ? 'rclone authorize' : '') },
];
const getKey = (provider: ProviderDefinition) => provider.id;
const search = columnsSearchText(columns);
const names = (provider: ProviderDefinition) => [provider.id, provider.label];

/** Step one of "add": the providers, in the seed's order; letters jump (type-ahead), `/` filters. */
export function ProviderPicker({ width, height, isActive, onPick, onCancel }: ProviderPickerProps) {
  const list = useListState(providers, listRows(height - 1), getKey, { search });
  useScreenBindings(withListKeys(list, [
    { keys: 'Enter', label: 'choose', action: () => {
      const provider = list.current();
      if (provider) onPick(provider);
    } },
    { keys: 'Esc', label: 'back', action: onCancel },
    { keys: [], display: 'a-z', label: 'jump to the provider whose id or name starts with the letters typed (again: the next)', footer: false },
  ]), isActive);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <TextLine text="Add cloud credential: choose the provider" width={width} tone="accent" bold />
      <List items={providers} columns={columns} width={width} height={height - 1} isActive={isActive} getKey={getKey} state={list} typeAhead={names} />
    </Box>
  );
}
