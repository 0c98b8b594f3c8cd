import React, { useState } from 'react';
import { Box, Text } from 'ink';
import type { KeyHint } from './bindings.js';
import { useCaptureKeys, useKeys } from './use-keys.js';
import { TextLine } from './TextLine.js';
import { useTheme } from './theme.js';
import { displayText, fitText, padText, wrapText } from './text.js';

export interface HelpSection {
  readonly title: string;
  readonly hints: readonly KeyHint[];
}

export interface HelpOverlayProps {
  readonly title: string;
  readonly sections: readonly HelpSection[];
  readonly width: number;
  readonly height: number;
  readonly isActive?: boolean;
  /** The last message of the status line, whole (there it may have been cut), above the keys. */
  readonly message?: string | undefined;
  /** Esc, ? or q (F1 is the shell's: it toggles the help). */
  readonly onClose: () => void;
}

export const helpOverlayKeyHints: readonly KeyHint[] = [
  { keys: 'Up/Down PgUp/PgDn', label: 'scroll' },
  { keys: 'Esc/F1', label: 'close help' },
];

/** Every key of the current screen and of the shell; scrolls when the list is taller than the frame. */
export function HelpOverlay({ title, sections, width, height, isActive = true, message, onClose }: HelpOverlayProps) {
  const theme = useTheme();
  const [top, setTop] = useState(0);
  const inner = Math.max(10, width - 4);
  const keyWidth = Math.min(24, Math.max(4, ...sections.flatMap((s) => s.hints.map((h) => h.keys.length))) + 2);
  // A label longer than its room wraps under itself: help is never cut short.
  const messageLines = message
    ? [{ key: 'message', text: 'Last message', heading: true }, ...wrapText(displayText(message, theme.ascii), inner).map((text, index) => ({ key: `message:${index}`, text, heading: false }))]
    : [];
  const lines = messageLines.concat(sections.flatMap((section) => [
    { key: section.title, text: section.title, heading: true },
    ...section.hints.flatMap((hint) => wrapText(displayText(hint.label, theme.ascii), Math.max(4, inner - keyWidth)).map((part, index) => ({
      key: `${section.title}:${hint.keys}:${hint.label}:${index}`,
      text: (index ? ' '.repeat(keyWidth) : padText(displayText(hint.keys, theme.ascii), keyWidth, theme.symbols.ellipsis)) + part,
      heading: false,
    }))),
  ]));
  const room = Math.max(1, height - 4); // border, title, bottom line
  const last = Math.max(0, lines.length - room);
  const scroll = (to: number) => setTop(Math.min(Math.max(0, to), last));

  useCaptureKeys(isActive);
  useKeys((key) => {
    if (key.name === 'escape' || (key.name === 'char' && !key.ctrl && (key.text === '?' || key.text === 'q'))) onClose();
    else if (key.name === 'up') scroll(top - 1);
    else if (key.name === 'down') scroll(top + 1);
    else if (key.name === 'pageup') scroll(top - room);
    else if (key.name === 'pagedown') scroll(top + room);
    else if (key.name === 'home') scroll(0);
    else if (key.name === 'end') scroll(last);
  }, { isActive });

  const position = lines.length > room ? `  ${theme.symbols.moreAbove}${theme.symbols.moreBelow} ${top + 1}-${Math.min(lines.length, top + room)} of ${lines.length}` : '';
  return (
    <Box flexDirection="column" borderStyle={theme.borderStyle} borderColor={theme.colors.border} paddingX={1} width={width} height={height}>
      <TextLine text={title} width={inner} tone="accent" bold />
      {lines.slice(top, top + room).map((line) => (
        <Text key={line.key} bold={line.heading} color={line.heading ? theme.colors.accent : undefined}>
          {fitText(line.text, inner, theme.symbols.ellipsis)}
        </Text>
      ))}
      <Box flexGrow={1} />
      <Text color={theme.colors.muted}>{fitText(`Esc closes this help${position}`, inner, theme.symbols.ellipsis)}</Text>
    </Box>
  );
}
