import React from 'react';
import { Box, Text } from 'ink';
import type { ConnectionDetails } from '../../engine/keychain/connections.js';
import type { HostKey } from '../../engine/ssh/index.js';
import { ConfirmDialog } from '../../widgets/ConfirmDialog.js';
import { displayText, fitText, wrapText } from '../../widgets/text.js';
import { useTheme } from '../../widgets/theme.js';
import { DetailRows, type DetailRow } from './DetailRows.js';
import { hostKeyKind, lastTestText } from './format.js';

export function ConnectionDetailsView({ connection, width, height }: { connection: ConnectionDetails; width: number; height: number }) {
  const theme = useTheme();
  const check = connection.lastCheck;
  const rows: DetailRow[] = [
    { label: 'Host', value: `${connection.host}:${connection.port}` },
    { label: 'Username', value: connection.username },
    { label: 'Private key', value: connection.keypairName ?? `(missing keypair ${connection.keypairId ?? '?'}: edit to choose one)`, ...(connection.keypairName ? {} : { tone: 'error' as const }) },
    { label: 'Connect timeout', value: `${connection.connectTimeout} s` },
    ...(connection.hostKeys.length
      ? connection.hostKeys.map((key, index) => ({ label: index === 0 ? 'Host keys' : '', value: `${key.fingerprint} (${hostKeyKind(key.type)})` }))
      : [{ label: 'Host keys', value: '(none readable: edit to paste them)', tone: 'error' as const }]),
    { label: 'Last test', value: lastTestText(check), ...(check ? { tone: check.ok ? ('success' as const) : ('error' as const) } : {}) },
    ...(check?.message ? [{ label: '', value: check.message, wrap: 4 }] : []),
  ];
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold color={theme.colors.accent}>{fitText(displayText(`SSH connection ${connection.name}`, theme.ascii), width, theme.symbols.ellipsis)}</Text>
      <Text> </Text>
      <DetailRows width={width} rows={rows} />
    </Box>
  );
}

export interface HostKeyMismatch {
  readonly host: string;
  readonly port: number;
  readonly storedFingerprints: readonly string[];
  readonly offered: HostKey;
}

/** A changed host key, loudly: both fingerprints, and an explicit accept that defaults to no. */
export function HostKeyMismatchView(props: { name: string; mismatch: HostKeyMismatch; width: number; height: number; isActive: boolean; onAnswer: (accept: boolean) => void }) {
  const { name, mismatch, width, height, isActive, onAnswer } = props;
  const theme = useTheme();
  const inner = Math.max(20, width - 4);
  const line = (text: string) => fitText(displayText(text, theme.ascii), inner, theme.symbols.ellipsis);
  const explanation = wrapText(
    'Someone may be intercepting the connection (a man-in-the-middle attack), or the remote system was reinstalled or given new host keys. ' +
      'Accept the new key only if you know why it changed.',
    inner,
  );
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box flexDirection="column" borderStyle={theme.borderStyle} borderColor={theme.colors.error} paddingX={1} width={width}>
        <Text bold color={theme.colors.error}>{line(`WARNING: THE HOST KEY OF ${mismatch.host}:${mismatch.port} (${name}) HAS CHANGED`)}</Text>
        {explanation.map((text, index) => <Text key={index}>{line(text)}</Text>)}
        <Text> </Text>
        {mismatch.storedFingerprints.map((fingerprint, index) => (
          <Text key={fingerprint}>{line(`${index === 0 ? 'Stored: ' : '        '} ${fingerprint}`)}</Text>
        ))}
        <Text bold color={theme.colors.warning}>{line(`Offered: ${mismatch.offered.fingerprint} (${hostKeyKind(mismatch.offered.type)})`)}</Text>
      </Box>
      <ConfirmDialog
        message="Store the offered key in place of the old one and test again?"
        yesLabel="Accept new key"
        noLabel="Keep old key"
        defaultAnswer={false}
        isActive={isActive}
        width={Math.min(width, 72)}
        onAnswer={onAnswer}
      />
    </Box>
  );
}

/** The host keys a server offered for a manual connection, for the user to confirm before they are stored. */
export function HostKeyConfirmView(props: { host: string; port: string; hostKeys: readonly HostKey[]; width: number; height: number; isActive: boolean; onAnswer: (store: boolean) => void }) {
  const { host, port, hostKeys, width, height, isActive, onAnswer } = props;
  const theme = useTheme();
  const line = (text: string) => fitText(displayText(text, theme.ascii), width - 2, theme.symbols.ellipsis);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold color={theme.colors.accent}>{line(`Host keys offered by ${host}:${port}`)}</Text>
      <Text>{line('Compare on the server: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub')}</Text>
      <Text> </Text>
      {hostKeys.map((key) => (
        <Text key={key.key}>{line(`  ${hostKeyKind(key.type).padEnd(8)} ${key.fingerprint}`)}</Text>
      ))}
      <ConfirmDialog
        message="Trust these host keys and save the connection?"
        yesLabel="Save"
        noLabel="Back to the form"
        defaultAnswer={false}
        isActive={isActive}
        width={Math.min(width, 72)}
        onAnswer={onAnswer}
      />
    </Box>
  );
}
