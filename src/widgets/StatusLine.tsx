import React from 'react';
import { Box, Text } from 'ink';
import { Spinner } from './Spinner.js';
import { useTheme, type Theme } from './theme.js';
import { displayText, fitText } from './text.js';

export type StatusKind = 'info' | 'success' | 'warning' | 'error' | 'busy';

export interface Status {
  readonly kind: StatusKind;
  readonly text: string;
}

export interface StatusLineProps {
  readonly status?: Status | undefined;
  readonly width: number;
}

function prefix(kind: StatusKind, theme: Theme): { mark: string; color: string | undefined } {
  if (kind === 'error') return { mark: `${theme.symbols.error} Error: `, color: theme.colors.error };
  if (kind === 'warning') return { mark: `${theme.symbols.warning} `, color: theme.colors.warning };
  if (kind === 'success') return { mark: '', color: theme.colors.success };
  return { mark: '', color: theme.colors.info };
}

/** One line for the outcome of the last action, or a spinner while long work runs. */
export function StatusLine({ status, width }: StatusLineProps) {
  const theme = useTheme();
  if (!status || !status.text) return <Box width={width} height={1} />;
  const { mark, color } = prefix(status.kind, theme);
  const room = width - mark.length - (status.kind === 'busy' ? 2 : 0);
  const text = fitText(displayText(status.text, theme.ascii), room, theme.symbols.ellipsis);
  return (
    <Box width={width} height={1} overflow="hidden">
      {status.kind === 'busy' ? <Spinner /> : null}
      <Text color={color}>{(status.kind === 'busy' ? ' ' : '') + mark + text}</Text>
    </Box>
  );
}
