import React from 'react';
import { Box, Text } from 'ink';
import { localTime } from '../../engine/formatting.js';
import type { ConfigurationOverview } from '../../engine/overview.js';
import type { MountPoint } from '../../engine/usbMounts.js';
import { TextLine, useTheme } from '../../widgets/index.js';
import { plural } from './generalForms.js';

export interface OverviewProps {
  readonly overview: ConfigurationOverview;
  readonly dataDir: string;
  readonly usb: MountPoint | undefined;
  readonly width: number;
  readonly recentRows: number;
}

/** The configuration at a glance: what is stored, backups, the USB stick, recent changes. */
export function Overview({ overview, dataDir, usb, width, recentRows }: OverviewProps) {
  const theme = useTheme();
  const line = (label: string, value: string) => (
    <Text>
      <Text color={theme.colors.muted}>{`  ${label.padEnd(10)} `}</Text>
      <TextLine text={value} width={width - 13} />
    </Text>
  );
  const lastBackup = overview.backups[0];
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Configuration</Text>
      {line('Data dir', dataDir)}
      {line(
        'Stored',
        `${plural(overview.cloudCredentials, 'cloud credential')}, ${plural(overview.sshKeypairs, 'SSH keypair')}, ${plural(overview.sshConnections, 'SSH connection')}, ${plural(overview.poolKeys, 'pool key')}`,
      )}
      {line('Backups', `${lastBackup ? `last ${lastBackup.name}` : 'none yet'}; next daily backup ${localTime(overview.nextBackup)}`)}
      {line('USB', usb ? `${usb.path} (${usb.fsType})` : 'no removable drive mounted')}
      <Text> </Text>
      <Text bold>Recent changes</Text>
      {overview.recentChanges.length === 0 ? <Text color={theme.colors.muted}>  none yet</Text> : null}
      {overview.recentChanges.slice(0, recentRows).map((entry) => (
        <TextLine key={entry.id} text={`  ${localTime(entry.at)}  ${entry.action} ${entry.kind}${entry.record ? ` ${entry.record}` : ''}`} width={width} />
      ))}
    </Box>
  );
}
