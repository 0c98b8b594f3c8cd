import React from 'react';
import { Box, Text } from 'ink';
import type { KeypairDetails } from '../../engine/keychain/keypairs.js';
import { displayText, fitText } from '../../widgets/text.js';
import { useTheme } from '../../widgets/theme.js';
import { DetailRows } from './DetailRows.js';
import { chunkText, keyTypeText, usedByText } from './format.js';

/** View: what `ssh-keygen -l` tells, who uses the keypair, and the public key line. */
export function KeypairDetailsView({ keypair, width, height }: { keypair: KeypairDetails; width: number; height: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold color={theme.colors.accent}>{fitText(displayText(`SSH keypair ${keypair.name}`, theme.ascii), width, theme.symbols.ellipsis)}</Text>
      <Text> </Text>
      <DetailRows
        width={width}
        rows={[
          { label: 'Type', value: keypair.bits ? `${keypair.keyType} (${keypair.bits} bits)` : keypair.keyType },
          { label: 'Comment', value: keypair.comment || '(none)' },
          { label: 'Fingerprint', value: keypair.fingerprint ?? '?' },
          { label: 'Used by', value: usedByText(keypair.usedBy), wrap: 3 },
          { label: 'Public key', value: keypair.publicKey },
        ]}
      />
      <Text> </Text>
      <Text color={theme.colors.muted}>{fitText('c: the whole public key line to copy   x: write a key to a file', width, theme.symbols.ellipsis)}</Text>
    </Box>
  );
}

/**
 * The authorized_keys line, whole, to select and copy from the terminal: cut into rows of the
 * full width with nothing around them, so that a selection of the rows is the line.
 */
export function PublicKeyView({ keypair, line, width, height }: { keypair: KeypairDetails; line: string; width: number; height: number }) {
  const theme = useTheme();
  const rows = chunkText(line, width);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold color={theme.colors.accent}>{fitText(displayText(`Public key of ${keypair.name} (${keyTypeText(keypair)}), for authorized_keys`, theme.ascii), width, theme.symbols.ellipsis)}</Text>
      <Text color={theme.colors.muted}>{fitText('Select the rows below to copy it: it is ONE line (join the rows).', width, theme.symbols.ellipsis)}</Text>
      <Text> </Text>
      {rows.map((row, index) => (
        <Text key={index}>{displayText(row, theme.ascii)}</Text>
      ))}
      <Text> </Text>
      <Text color={theme.colors.muted}>{fitText('x writes it to a file (one line); Esc goes back.', width, theme.symbols.ellipsis)}</Text>
    </Box>
  );
}
