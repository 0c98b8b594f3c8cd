import React from 'react';
import { Box } from 'ink';
import { providers, type ProviderDefinition } from '../../providers/index.js';
import { List, listKeys, listRows, TextLine, useListState, type ListColumn } from '../../widgets/index.js';
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

/** Step one of "add": the 18 providers, in the seed's order. */
export function ProviderPicker({ width, height, isActive, onPick, onCancel }: ProviderPickerProps) {
  const list = useListState(providers, listRows(height - 1), getKey);
  useScreenBindings([
    { keys: 'Enter', label: 'choose', action: () => {
      const provider = list.current();
      if (provider) onPick(provider);
    } },
    { keys: 'Esc', label: 'back', action: onCancel },
    ...listKeys,
  ], isActive);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <TextLine text="Add cloud credential: choose the provider" width={width} tone="accent" bold />
      <List items={providers} columns={columns} width={width} height={height - 1} isActive={isActive} getKey={getKey} state={list} />
    </Box>
  );
}
