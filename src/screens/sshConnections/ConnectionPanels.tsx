import React from 'react';
import { Box, Text } from 'ink';
import type { ConnectionDetails } from '../../engine/keychain/connections.js';
import { checkCell, hostKeyKind, TEST_WORDING } from '../../engine/formatting.js';
import type { HostKey } from '../../engine/ssh/index.js';
import { ConfirmDialog, confirmDialogRows, DetailRows, ScrollText, wrapLines, WrappedText, type DetailRow, type ScrollLine } from '../../widgets/index.js';

export function ConnectionDetailsView({ connection, width, height }: { connection: ConnectionDetails; width: number; height: number }) {
  const check = connection.lastCheck;
  const rows: DetailRow[] = [
    { label: 'Host', value: `${connection.host}:${connection.port}`, wrap: 3 },
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
      <WrappedText text={`SSH connection ${connection.name}`} width={width} tone="accent" bold />
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

/** Width of the question's dialog. */
const QUESTION_WIDTH = 72;

/**
 * What a question is about, then the question, whose Enter answers no. What it is about is
 * wrapped, never cut, and scrolls with Up/Down above the question when it does not fit
 * (a long host name, many host keys, at 80x24).
 */
export function AboutThenQuestion({ width, height, isActive, onAnswer, message, yesLabel, noLabel, about }: SetupQuestionProps & { message: string; yesLabel: string; noLabel: string; about: readonly ScrollLine[] }) {
  const dialogWidth = Math.min(width, QUESTION_WIDTH);
  const rows = Math.max(3, height - confirmDialogRows({ message }, dialogWidth));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <ScrollText lines={wrapLines(about, width)} width={width} height={rows} isActive={isActive} />
      <ConfirmDialog message={message} yesLabel={yesLabel} noLabel={noLabel} defaultAnswer={false} isActive={isActive} width={dialogWidth} onAnswer={onAnswer} />
    </Box>
  );
}

/** A changed host key, loudly: both fingerprints, and an explicit accept that defaults to no. */
export function HostKeyMismatchView({ name, mismatch, ...question }: SetupQuestionProps & { name: string; mismatch: HostKeyMismatch }) {
  const about: ScrollLine[] = [
    { text: `WARNING: THE HOST KEY OF ${mismatch.host}:${mismatch.port} (${name}) HAS CHANGED`, tone: 'error', bold: true },
    {
      text: 'Someone may be intercepting the connection (a man-in-the-middle attack), or the remote system was reinstalled or given new host keys. ' +
        'Accept the new key only if you know why it changed.',
    },
    { text: '' },
    ...mismatch.storedFingerprints.map((fingerprint, index) => ({ text: `${index === 0 ? 'Stored: ' : '        '} ${fingerprint}` })),
    { text: `Offered: ${mismatch.offered.fingerprint} (${hostKeyKind(mismatch.offered.type)})`, tone: 'warning', bold: true },
  ];
  return <AboutThenQuestion {...question} about={about} message="Store the offered key in place of the old one and test again?" yesLabel="Accept new key" noLabel="Keep old key" />;
}

/** What the user's yes to offered host keys lets happen next. */
export type HostKeysBefore = 'login' | 'save';

const HOST_KEY_QUESTIONS: Record<HostKeysBefore, { readonly message: string; readonly yesLabel: string }> = {
  login: { message: 'Trust these host keys and log in with the admin password?', yesLabel: 'Trust' },
  save: { message: 'Trust these host keys and save the connection?', yesLabel: 'Save' },
};

/** The host keys a server offered, for the user to confirm before a password goes there or they are stored. */
export function HostKeyConfirmView({ target, hostKeys, before, ...question }: SetupQuestionProps & { target: string; hostKeys: readonly HostKey[]; before: HostKeysBefore }) {
  const about: ScrollLine[] = [
    { text: `Host keys offered by ${target}`, tone: 'accent', bold: true },
    { text: 'Compare on the server: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub' },
    { text: '' },
    ...hostKeys.map((key) => ({ text: `  ${hostKeyKind(key.type).padEnd(8)} ${key.fingerprint}` })),
  ];
  return <AboutThenQuestion {...question} {...HOST_KEY_QUESTIONS[before]} about={about} noLabel="Back to the form" />;
}
