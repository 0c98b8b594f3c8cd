import React from 'react';
import { SECRET_MASK, type CloudCredentialDetails } from '../../engine/cloud/index.js';
import { checkLine, localTime, VERIFY_WORDING } from '../../engine/formatting.js';
import { findProvider, type ProviderField } from '../../providers/index.js';
import { chunkText, padText, ScrollText, useTheme, wrapLines, wrapText, type ScrollLine } from '../../widgets/index.js';

export interface CredentialViewProps {
  readonly details: CloudCredentialDetails;
  readonly revealed: boolean;
  readonly width: number;
  readonly height: number;
  readonly isActive: boolean;
}

/** One credential: every attribute under its label, secrets masked until Ctrl-R. */
export function CredentialView({ details, revealed, width, height, isActive }: CredentialViewProps) {
  const theme = useTheme();
  const provider = findProvider(details.provider);
  const labelWidth = Math.min(30, Math.max(12, ...provider.fields.map((field) => field.label.length + 2)));
  const valueWidth = Math.max(10, width - labelWidth - 2);
  const check = details.lastCheck;
  const lines: ScrollLine[] = [
    ...wrapLines([{ text: `${details.name}  (${details.providerLabel})`, tone: 'accent', bold: true }], width), // a long name, whole
    ...wrapText(`Last verify: ${checkLine(check, VERIFY_WORDING)}`, width).map((text) => ({ text, tone: check ? (check.ok ? 'success' as const : 'error' as const) : 'muted' as const })),
    { text: `Changed: ${localTime(details.updatedAt)}`, tone: 'muted' },
    { text: '' },
  ];
  // A value's lines are cut at the width, nothing dropped or trimmed: selecting its rows
  // copies it back whole (a revealed key file, a long token).
  const row = (label: string, value: string, tone?: ScrollLine['tone']) => {
    const rows = value.split('\n').flatMap((line) => chunkText(line, valueWidth));
    rows.forEach((part, index) => lines.push({ text: `${padText(index ? '' : label, labelWidth, theme.symbols.ellipsis)}  ${part}`, ...(tone ? { tone } : {}) }));
  };
  for (const field of provider.fields) {
    const value = details.attributes[field.key];
    if (value === undefined || value === null || value === '') continue;
    row(field.label, valueText(field, value, details, theme.symbols.mask), value === SECRET_MASK ? 'muted' : undefined);
  }
  for (const [key, value] of Object.entries(details.attributes)) {
    if (!provider.fields.some((field) => field.key === key)) row(key, value === SECRET_MASK ? SECRET_MASK : JSON.stringify(value), 'muted');
  }
  lines.push({ text: '' });
  const secrets = !details.secrets.length ? 'This credential has no secret set.' : revealed ? 'Secrets shown: Ctrl-R hides them.' : 'Secrets are masked: Ctrl-R reveals them.';
  lines.push({ text: secrets, tone: 'muted' });
  return <ScrollText key={`${details.id}:${revealed}:${theme.ascii}`} lines={lines} width={width} height={height} isActive={isActive} />;
}

function valueText(field: ProviderField, value: unknown, details: CloudCredentialDetails, mask: string): string {
  if (value === SECRET_MASK) return mask.repeat(8);
  if (field.type === 'keypair') return details.keypair ? `SSH keypair "${details.keypair.name}" (id ${String(value)})` : `SSH keypair id ${String(value)} (missing)`;
  if (field.type === 'boolean') return value === true ? 'yes' : 'no';
  if (field.type === 'choice') return field.choices?.find((choice) => choice.value === value)?.label ?? String(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}
