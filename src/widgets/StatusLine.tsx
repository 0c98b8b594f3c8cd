import React from 'react';
import { Box, Text } from 'ink';
import { Spinner } from './Spinner.js';
import { useTheme, type Theme } from './theme.js';
import { cellWidth, displayText, fitText } from './text.js';

export type StatusKind = 'info' | 'success' | 'warning' | 'error' | 'busy';

export interface Status {
  readonly kind: StatusKind;
  readonly text: string;
}

export interface StatusLineProps {
  readonly status?: Status | undefined;
  readonly width: number;
  /** Said at the end of a message too long for its rows: where it can be read whole. */
  readonly whole?: string;
}

function prefix(kind: StatusKind, theme: Theme): { mark: string; color: string | undefined } {
  if (kind === 'error') return { mark: `${theme.symbols.error} Error: `, color: theme.colors.error };
  if (kind === 'warning') return { mark: `${theme.symbols.warning} `, color: theme.colors.warning };
  if (kind === 'success') return { mark: '', color: theme.colors.success };
  return { mark: '', color: theme.colors.info };
}

/** A long message (an error that explains itself) may take this many rows, no more. */
export const MAX_STATUS_ROWS = 3;

/** How many rows the status takes at this width: messages wrap rather than lose their end. */
export function statusRows(status: Status | undefined, width: number): number {
  if (!status || !status.text || status.kind === 'busy') return 1;
  const length = status.text.length + (status.kind === 'error' ? 9 : 2);
  return Math.min(MAX_STATUS_ROWS, Math.max(1, Math.ceil(length / Math.max(1, width))));
}

/** The outcome of the last action (wrapped over up to three rows), or a spinner while long work runs. */
export function StatusLine({ status, width, whole }: StatusLineProps) {
  const theme = useTheme();
  if (!status || !status.text) return <Box width={width} height={1} />;
  const { mark, color } = prefix(status.kind, theme);
  const rows = statusRows(status, width);
  const room = rows * width - mark.length - (status.kind === 'busy' ? 2 : 0) - 1;
  const shown = displayText(status.text, theme.ascii);
  const cut = whole && cellWidth(shown) > room ? ` (${whole})` : '';
  const text = fitText(shown, room - cellWidth(cut), theme.symbols.ellipsis) + cut;
  return (
    <Box width={width} height={rows} overflow="hidden">
      {status.kind === 'busy' ? <Spinner /> : null}
      <Text color={color} wrap="wrap">{(status.kind === 'busy' ? ' ' : '') + mark + text}</Text>
    </Box>
  );
}
