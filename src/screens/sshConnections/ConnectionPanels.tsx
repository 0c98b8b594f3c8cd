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

export interface SetupQuestionProps {
  readonly width: number;
  readonly height: number;
  readonly isActive: boolean;
  readonly onAnswer: (yes: boolean) => void;
}

/** What a question is about, then the question, whose Enter answers no. */
export function AboutThenQuestion({ width, height, isActive, onAnswer, message, yesLabel, noLabel, children }: SetupQuestionProps & { message: string; yesLabel: string; noLabel: string; children: React.ReactNode }) {
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {children}
      <ConfirmDialog message={message} yesLabel={yesLabel} noLabel={noLabel} defaultAnswer={false} isActive={isActive} width={Math.min(width, 72)} onAnswer={onAnswer} />
    </Box>
  );
}

/** A changed host key, loudly: both fingerprints, and an explicit accept that defaults to no. */
export function HostKeyMismatchView({ name, mismatch, ...question }: SetupQuestionProps & { name: string; mismatch: HostKeyMismatch }) {
  const theme = useTheme();
  const inner = Math.max(20, question.width - 4);
  const explanation = wrapText(
    'Someone may be intercepting the connection (a man-in-the-middle attack), or the remote system was reinstalled or given new host keys. ' +
      'Accept the new key only if you know why it changed.',
    inner,
  );
  return (
    <AboutThenQuestion {...question} message="Store the offered key in place of the old one and test again?" yesLabel="Accept new key" noLabel="Keep old key">
      <Box flexDirection="column" borderStyle={theme.borderStyle} borderColor={theme.colors.error} paddingX={1} width={question.width}>
        <TextLine text={`WARNING: THE HOST KEY OF ${mismatch.host}:${mismatch.port} (${name}) HAS CHANGED`} width={inner} tone="error" bold />
        {explanation.map((text, index) => <TextLine key={index} text={text} width={inner} />)}
        <Text> </Text>
        {mismatch.storedFingerprints.map((fingerprint, index) => (
          <TextLine key={fingerprint} text={`${index === 0 ? 'Stored: ' : '        '} ${fingerprint}`} width={inner} />
        ))}
        <TextLine text={`Offered: ${mismatch.offered.fingerprint} (${hostKeyKind(mismatch.offered.type)})`} width={inner} tone="warning" bold />
      </Box>
    </AboutThenQuestion>
  );
}

/** What the user's yes to offered host keys lets happen next. */
export type HostKeysBefore = 'login' | 'save';

const HOST_KEY_QUESTIONS: Record<HostKeysBefore, { readonly message: string; readonly yesLabel: string }> = {
  login: { message: 'Trust these host keys and log in with the admin password?', yesLabel: 'Trust' },
  save: { message: 'Trust these host keys and save the connection?', yesLabel: 'Save' },
};

/** The host keys a server offered, for the user to confirm before a password goes there or they are stored. */
export function HostKeyConfirmView({ target, hostKeys, before, ...question }: SetupQuestionProps & { target: string; hostKeys: readonly HostKey[]; before: HostKeysBefore }) {
  const line = question.width - 2;
  return (
    <AboutThenQuestion {...question} {...HOST_KEY_QUESTIONS[before]} noLabel="Back to the form">
      <TextLine text={`Host keys offered by ${target}`} width={line} tone="accent" bold />
      <TextLine text="Compare on the server: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub" width={line} />
      <Text> </Text>
      {hostKeys.map((key) => (
        <TextLine key={key.key} text={`  ${hostKeyKind(key.type).padEnd(8)} ${key.fingerprint}`} width={line} />
      ))}
    </AboutThenQuestion>
  );
}
