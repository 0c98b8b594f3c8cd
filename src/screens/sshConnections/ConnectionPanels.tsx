import React from 'react';
import { Box, Text } from 'ink';
import type { ConnectionDetails } from '../../engine/keychain/connections.js';
import { checkCell, hostKeyKind, TEST_WORDING } from '../../engine/formatting.js';
import type { HostKey } from '../../engine/ssh/index.js';
import { ConfirmDialog, DetailRows, TextLine, useTheme, wrapText, type DetailRow } from '../../widgets/index.js';

export function ConnectionDetailsView({ connection, width, height }: { connection: ConnectionDetails; width: number; height: number }) {
  const check = connection.lastCheck;
  const rows: DetailRow[] = [
    { label: 'Host', value: `${connection.host}:${connection.port}` },
    { label: 'Username', value: connection.username },
    { label: 'Private key', value: connection.keypairName ?? `(missing keypair ${connection.keypairId ?? '?'}: edit to choose one)`, ...(connection.keypairName ? {} : { tone: 'error' as const }) },
    { label: 'Connect timeout', value: `${connection.connectTimeout} s` },
    ...(connection.hostKeys.length
      ? connection.hostKeys.map((key, index) => ({ label: index === 0 ? 'Host keys' : '', value: `${key.fingerprint} (${hostKeyKind(key.type)})` }))
      : [{ label: 'Host keys', value: '(none readable: edit to paste them)', tone: 'error' as const }]),
    { label: 'Last test', value: checkCell(check, TEST_WORDING), ...(check ? { tone: check.ok ? ('success' as const) : ('error' as const) } : {}) },
    ...(check?.message ? [{ label: '', value: check.message, wrap: 4 }] : []),
  ];
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <TextLine text={`SSH connection ${connection.name}`} width={width} tone="accent" bold />
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

interface HostKeyQuestion {
  readonly width: number;
  readonly height: number;
  readonly isActive: boolean;
  readonly onAnswer: (yes: boolean) => void;
}

/** What a host key question is about, then the question, whose Enter answers no. */
function AboutHostKeys({ width, height, isActive, onAnswer, message, yesLabel, noLabel, children }: HostKeyQuestion & { message: string; yesLabel: string; noLabel: string; children: React.ReactNode }) {
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {children}
      <ConfirmDialog message={message} yesLabel={yesLabel} noLabel={noLabel} defaultAnswer={false} isActive={isActive} width={Math.min(width, 72)} onAnswer={onAnswer} />
    </Box>
  );
}

/** A changed host key, loudly: both fingerprints, and an explicit accept that defaults to no. */
export function HostKeyMismatchView({ name, mismatch, ...question }: HostKeyQuestion & { name: string; mismatch: HostKeyMismatch }) {
  const theme = useTheme();
  const inner = Math.max(20, question.width - 4);
  const explanation = wrapText(
    'Someone may be intercepting the connection (a man-in-the-middle attack), or the remote system was reinstalled or given new host keys. ' +
      'Accept the new key only if you know why it changed.',
    inner,
  );
  return (
    <AboutHostKeys {...question} message="Store the offered key in place of the old one and test again?" yesLabel="Accept new key" noLabel="Keep old key">
      <Box flexDirection="column" borderStyle={theme.borderStyle} borderColor={theme.colors.error} paddingX={1} width={question.width}>
        <TextLine text={`WARNING: THE HOST KEY OF ${mismatch.host}:${mismatch.port} (${name}) HAS CHANGED`} width={inner} tone="error" bold />
        {explanation.map((text, index) => <TextLine key={index} text={text} width={inner} />)}
        <Text> </Text>
        {mismatch.storedFingerprints.map((fingerprint, index) => (
          <TextLine key={fingerprint} text={`${index === 0 ? 'Stored: ' : '        '} ${fingerprint}`} width={inner} />
        ))}
        <TextLine text={`Offered: ${mismatch.offered.fingerprint} (${hostKeyKind(mismatch.offered.type)})`} width={inner} tone="warning" bold />
      </Box>
    </AboutHostKeys>
  );
}

/** The host keys a server offered for a manual connection, for the user to confirm before they are stored. */
export function HostKeyConfirmView({ target, hostKeys, ...question }: HostKeyQuestion & { target: string; hostKeys: readonly HostKey[] }) {
  const line = question.width - 2;
  return (
    <AboutHostKeys {...question} message="Trust these host keys and save the connection?" yesLabel="Save" noLabel="Back to the form">
      <TextLine text={`Host keys offered by ${target}`} width={line} tone="accent" bold />
      <TextLine text="Compare on the server: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub" width={line} />
      <Text> </Text>
      {hostKeys.map((key) => (
        <TextLine key={key.key} text={`  ${hostKeyKind(key.type).padEnd(8)} ${key.fingerprint}`} width={line} />
      ))}
    </AboutHostKeys>
  );
}
