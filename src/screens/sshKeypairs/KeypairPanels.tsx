import React from 'react';
import { Box, Text } from 'ink';
import type { KeypairDetails } from '../../engine/keychain/keypairs.js';
import { keyTypeLong, keyTypeText, usedByText } from '../../engine/formatting.js';
import { chunkText, DetailRows, displayText, TextLine, useTheme, WrappedText } from '../../widgets/index.js';

/** View: what `ssh-keygen -l` tells, who uses the keypair, and the public key line. */
export function KeypairDetailsView({ keypair, width, height }: { keypair: KeypairDetails; width: number; height: number }) {
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <WrappedText text={`SSH keypair ${keypair.name}`} width={width} tone="accent" bold />
      <Text> </Text>
      <DetailRows
        width={width}
        rows={[
          { label: 'Type', value: keyTypeLong(keypair) },
          { label: 'Comment', value: keypair.comment || '(none)', wrap: 3 },
          { label: 'Fingerprint', value: keypair.fingerprint ?? '?' },
          { label: 'Used by', value: usedByText(keypair.usedBy), wrap: 3 },
          { label: 'Public key', value: keypair.publicKey },
        ]}
      />
      <Text> </Text>
      <TextLine text="c: the whole public key line to copy   x: write a key to a file" width={width} tone="muted" />
    </Box>
  );
}

/**
 * The authorized_keys line, whole, to select and copy from the terminal: cut into rows of the
 * full width with nothing around them, so that a selection of the rows is the line.
 */
export function PublicKeyView({ keypair, line, width, height }: { keypair: KeypairDetails; line: string; width: number; height: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <TextLine text={`Public key of ${keypair.name} (${keyTypeText(keypair)}), for authorized_keys`} width={width} tone="accent" bold />
      <TextLine text="Select the rows below to copy it: it is ONE line (join the rows)." width={width} tone="muted" />
      <Text> </Text>
      {chunkText(line, width).map((row, index) => (
        <Text key={index}>{displayText(row, theme.ascii)}</Text>
      ))}
      <Text> </Text>
      <TextLine text="x writes it to a file (one line); Esc goes back." width={width} tone="muted" />
    </Box>
  );
}
