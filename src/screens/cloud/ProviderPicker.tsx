import React from 'react';
import { Box, Text } from 'ink';
import { providers, type ProviderDefinition } from '../../providers/index.js';
import { List, useKeys, useTheme, type ListColumn } from '../../widgets/index.js';

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

/** Step one of "add": the 18 providers, in the seed's order. */
export function ProviderPicker({ width, height, isActive, onPick, onCancel }: ProviderPickerProps) {
  const theme = useTheme();
  useKeys((key) => {
    if (key.name === 'escape') onCancel();
  }, { isActive });
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold color={theme.colors.accent}>Add cloud credential: choose the provider</Text>
      <List items={providers} columns={columns} width={width} height={height - 1} isActive={isActive} getKey={(provider) => provider.id} onSubmit={onPick} />
    </Box>
  );
}
