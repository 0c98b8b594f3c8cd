import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { TextLine } from './TextLine.js';
import { useKeys } from './use-keys.js';
import { useTheme, type ThemeColors } from './theme.js';
import { wrapText } from './text.js';

export interface ScrollLine {
  readonly text: string;
  readonly tone?: keyof ThemeColors;
  readonly bold?: boolean;
}

/** Lines wrapped to `width`: a long line becomes several of its tone, nothing is cut. */
export function wrapLines(lines: readonly ScrollLine[], width: number): ScrollLine[] {
  return lines.flatMap((line) => wrapText(line.text, width).map((text) => ({ ...line, text })));
}

export interface ScrollTextProps {
  readonly lines: readonly ScrollLine[];
  readonly width: number;
  readonly height: number;
  readonly isActive: boolean;
}

/** Read-only lines that scroll with Up/Down, PgUp/PgDn, Home/End when taller than their space. */
export function ScrollText({ lines, width, height, isActive }: ScrollTextProps) {
  const theme = useTheme();
  const [top, setTop] = useState(0);
  const overflow = lines.length > height;
  const view = overflow ? Math.max(1, height - 1) : height;
  const maxTop = Math.max(0, lines.length - view);
  const first = Math.min(top, maxTop);
  useKeys((key) => {
    const page = Math.max(1, view - 1);
    const moves: Partial<Record<string, number>> = { up: first - 1, down: first + 1, pageup: first - page, pagedown: first + page, home: 0, end: maxTop };
    const next = moves[key.name];
    if (next !== undefined) setTop(Math.max(0, Math.min(maxTop, next)));
  }, { isActive: isActive && overflow });
  const more = [first > 0 ? `${theme.symbols.moreAbove} more above` : '', first < maxTop ? `${theme.symbols.moreBelow} more below` : ''].filter(Boolean).join('  ');
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {lines.slice(first, first + view).map((line, index) => (
        <TextLine key={first + index} text={line.text || ' '} width={width} {...(line.tone ? { tone: line.tone } : {})} bold={line.bold ?? false} />
      ))}
      {overflow ? <Text color={theme.colors.muted}>{`  ${more}`}</Text> : null}
    </Box>
  );
}
