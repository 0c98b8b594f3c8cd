import React from 'react';
import { Text } from 'ink';
import { useTheme, type ThemeColors } from './theme.js';
import { displayText, fitText, wrapText } from './text.js';

export interface TextLineProps {
  /** Data or prose: controls are made harmless, and it is cut (marked) at `width`. */
  readonly text: string;
  readonly width: number;
  readonly tone?: keyof ThemeColors;
  readonly bold?: boolean;
}

/** One line of text that never runs past its width nor draws a control character. */
export function TextLine({ text, width, tone, bold = false }: TextLineProps) {
  const theme = useTheme();
  return (
    <Text bold={bold} color={tone ? theme.colors[tone] : undefined}>
      {fitText(displayText(text, theme.ascii), width, theme.symbols.ellipsis)}
    </Text>
  );
}

/** Text wrapped over as many lines as it takes (a long name in its record's view): never cut. */
export function WrappedText({ text, width, tone, bold = false }: TextLineProps) {
  const theme = useTheme();
  return (
    <>
      {wrapText(displayText(text, theme.ascii), width).map((line, index) => (
        <Text key={index} bold={bold} color={tone ? theme.colors[tone] : undefined}>{line}</Text>
      ))}
    </>
  );
}
