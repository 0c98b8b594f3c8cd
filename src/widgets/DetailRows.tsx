import React from 'react';
import { Box, Text } from 'ink';
import { displayText, fitText, padText, wrapText } from './text.js';
import { useTheme, type ThemeColors } from './theme.js';

export interface DetailRow {
  readonly label: string;
  readonly value: string;
  /** Wrap over at most this many lines instead of cutting at the width. */
  readonly wrap?: number;
  readonly tone?: keyof ThemeColors;
}

/** One display line of label/value rows: the label (blank on a value's further lines), the value's part. */
export interface DetailLine {
  readonly label: string;
  readonly text: string;
  readonly tone?: keyof ThemeColors | undefined;
}

/** The label column's width and the lines of `rows` at `width` (values wrapped or fitted). */
export function detailLines(rows: readonly DetailRow[], width: number, ascii: boolean, ellipsis: string): { labelWidth: number; lines: DetailLine[] } {
  const labelWidth = Math.min(Math.max(...rows.map((row) => row.label.length)) + 2, Math.floor(width / 3));
  const room = Math.max(8, width - labelWidth - 2);
  const lines = rows.flatMap((row) => {
    const text = displayText(row.value, ascii);
    const parts = row.wrap ? wrapText(text, room).slice(0, row.wrap) : [fitText(text, room, ellipsis)];
    return parts.map((part, index) => ({ label: index === 0 ? row.label : '', text: part, tone: row.tone }));
  });
  return { labelWidth, lines };
}

/** Label/value lines of a details view, fitted to `width`. */
export function DetailRows({ rows, width }: { rows: readonly DetailRow[]; width: number }) {
  const theme = useTheme();
  const { labelWidth, lines } = detailLines(rows, width, theme.ascii, theme.symbols.ellipsis);
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((line, index) => (
        <Text key={index}>
          {'  '}
          <Text bold={line.label !== ''} color={theme.colors.muted}>{padText(line.label, labelWidth, theme.symbols.ellipsis)}</Text>
          <Text color={line.tone ? theme.colors[line.tone] : undefined}>{line.text}</Text>
        </Text>
      ))}
    </Box>
  );
}
