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

/** Label/value lines of a details view, fitted to `width`. */
export function DetailRows({ rows, width }: { rows: readonly DetailRow[]; width: number }) {
  const theme = useTheme();
  const labelWidth = Math.min(Math.max(...rows.map((row) => row.label.length)) + 2, Math.floor(width / 3));
  const room = Math.max(8, width - labelWidth - 2);
  return (
    <Box flexDirection="column" width={width}>
      {rows.flatMap((row, rowIndex) => {
        const text = displayText(row.value, theme.ascii);
        const lines = row.wrap ? wrapText(text, room).slice(0, row.wrap) : [fitText(text, room, theme.symbols.ellipsis)];
        const color = row.tone ? theme.colors[row.tone] : undefined;
        return lines.map((line, index) => (
          <Text key={`${rowIndex}:${index}`}>
            {'  '}
            <Text bold={index === 0} color={theme.colors.muted}>{padText(index === 0 ? row.label : '', labelWidth, theme.symbols.ellipsis)}</Text>
            <Text color={color}>{line}</Text>
          </Text>
        ));
      })}
    </Box>
  );
}
