import React from 'react';
import { Box, Text } from 'ink';
import type { KeyHint } from './bindings.js';
import { useTheme } from './theme.js';
import { cellWidth, displayText } from './text.js';

export interface FooterProps {
  readonly hints: readonly KeyHint[];
  /** Always shown, at the right end (e.g. "F1 help  q quit"). */
  readonly pinned?: readonly KeyHint[];
  readonly width: number;
}

const hintWidth = (hint: KeyHint) => cellWidth(hint.keys) + 1 + cellWidth(hint.label);

function Hint({ hint, gap }: { hint: KeyHint; gap: boolean }) {
  const theme = useTheme();
  return (
    <Text>
      {gap ? '  ' : ''}
      <Text bold color={theme.colors.key}>{displayText(hint.keys, theme.ascii)}</Text>{' '}
      <Text color={theme.colors.muted}>{displayText(hint.label, theme.ascii)}</Text>
    </Text>
  );
}

/** One line of key hints; those that do not fit are dropped whole, never cut mid-word. */
export function Footer({ hints, pinned = [], width }: FooterProps) {
  const pinnedWidth = pinned.reduce((sum, hint, index) => sum + hintWidth(hint) + (index ? 2 : 0), 0);
  const shown: KeyHint[] = [];
  let used = pinnedWidth ? pinnedWidth + 2 : 0;
  for (const hint of hints.filter((h) => h.footer !== false)) {
    const size = hintWidth(hint) + (shown.length ? 2 : 0);
    if (used + size > width) break;
    shown.push(hint);
    used += size;
  }
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text>
        {shown.map((hint, index) => <Hint key={`${hint.keys}:${hint.label}`} hint={hint} gap={index > 0} />)}
      </Text>
      <Box flexGrow={1} />
      <Text>
        {pinned.map((hint, index) => <Hint key={`${hint.keys}:${hint.label}`} hint={hint} gap={index > 0} />)}
      </Text>
    </Box>
  );
}
