import React from 'react';
import { Box, Text } from 'ink';
import type { OtpRequest, TlsCertificateInfo } from '../../engine/truenas/index.js';
import { bindingHints, detailLines, Form, formKeys, TextLine, useTheme, wrapText, type DetailRow, type FormField, type ScrollLine } from '../../widgets/index.js';
import { useScreenKeys } from '../screenContract.js';
import { AboutThenQuestion, type SetupQuestionProps } from './ConnectionPanels.js';

// What the TrueNAS setup asks while it runs: whether to trust a certificate that does not
// verify, and the one-time code of an admin account with two-factor authentication.

const FINGERPRINT_PREFIX = 'SHA256:';
/** Bytes of the fingerprint a row: 32 bytes as hex pairs do not fit one row of 80 columns. */
const FINGERPRINT_BYTES_PER_ROW = 16;

/** The fingerprint over rows of whole bytes, lined up, so it can be compared pair by pair. */
function fingerprintRows(fingerprint: string): DetailRow[] {
  const pairs = fingerprint.slice(FINGERPRINT_PREFIX.length).split(':');
  const rows: string[] = [];
  for (let at = 0; at < pairs.length; at += FINGERPRINT_BYTES_PER_ROW) {
    const last = at + FINGERPRINT_BYTES_PER_ROW >= pairs.length;
    rows.push(`${at === 0 ? FINGERPRINT_PREFIX : ' '.repeat(FINGERPRINT_PREFIX.length)}${pairs.slice(at, at + FINGERPRINT_BYTES_PER_ROW).join(':')}${last ? '' : ':'}`);
  }
  return rows.map((value, index) => ({ label: index === 0 ? 'Fingerprint' : '', value, tone: 'warning' }));
}

/** A certificate that does not verify, in full, and "Trust this certificate?", no by default. */
export function TlsCertificateQuestion({ certificate, origin, ...question }: SetupQuestionProps & { certificate: TlsCertificateInfo; origin: string }) {
  const theme = useTheme();
  const rows: DetailRow[] = [
    { label: 'Problem', value: certificate.problem || 'none', tone: 'error' },
    { label: 'Subject', value: certificate.subject || '(none)', wrap: 2 },
    { label: 'Issuer', value: certificate.issuer || '(none)', wrap: 2 },
    { label: 'Valid', value: `${certificate.validFrom || '?'} to ${certificate.validTo || '?'}` },
    ...fingerprintRows(certificate.fingerprint),
  ];
  const { labelWidth, lines } = detailLines(rows, question.width, theme.ascii, theme.symbols.ellipsis);
  const about: ScrollLine[] = [
    { text: `The TLS certificate of ${origin} does not verify`, tone: 'accent', bold: true },
    { text: 'Trust it only if the TrueNAS\'s Certificates page shows this fingerprint.' },
    { text: '' },
    ...lines.map((line) => ({ text: `  ${line.label.padEnd(labelWidth)}${line.text}`, ...(line.tone ? { tone: line.tone } : {}) })),
    { text: '' },
  ];
  return <AboutThenQuestion {...question} about={about} message="Trust this certificate?" yesLabel="Trust" noLabel="Back to the form" />;
}

const CODE_FIELDS: readonly FormField[] = [{ kind: 'secret', name: 'code', label: 'One-Time Password' }];
const CODE_KEYS = bindingHints(formKeys({ reveal: true }));
/** The field, the gap and the button under it. */
const CODE_FORM_ROWS = 3;

/** A small masked input for the one-time code the TrueNAS asks for; Esc gives none. */
export function OtpCodePanel({ request, width, isActive, onAnswer }: { request: OtpRequest; width: number; isActive: boolean; onAnswer: (code: string) => void }) {
  const theme = useTheme();
  useScreenKeys(CODE_KEYS, isActive);
  const outer = Math.min(width, 64);
  const inner = outer - 4;
  const why = request.retry
    ? 'The TrueNAS refused that code: type the one your authenticator shows now.'
    : `The TrueNAS account ${request.username} uses two-factor authentication: type the code your authenticator shows.`;
  return (
    <Box flexDirection="column" borderStyle={theme.borderStyle} borderColor={theme.colors.border} paddingX={1} width={outer}>
      <TextLine text="Two-factor authentication" width={inner} tone="accent" bold />
      {wrapText(why, inner).map((text, index) => <TextLine key={index} text={text} width={inner} />)}
      <Text> </Text>
      <Form
        fields={CODE_FIELDS}
        width={inner}
        height={CODE_FORM_ROWS}
        isActive={isActive}
        submitLabel="Log in"
        onSubmit={(values) => onAnswer(String(values.code ?? ''))}
        onCancel={() => onAnswer('')}
      />
    </Box>
  );
}
