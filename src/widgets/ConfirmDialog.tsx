import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { Inverse } from './Inverse.js';
import { useCaptureKeys, useKeys } from './use-keys.js';
import { useTheme } from './theme.js';
import { plainLetter } from './keyParser.js';
import { displayText, wrapText } from './text.js';

export interface ConfirmDialogProps {
  readonly message: string;
  readonly title?: string;
  readonly yesLabel?: string;
  readonly noLabel?: string;
  /** The answer Enter gives before any arrow is pressed; destructive questions keep `false`. */
  readonly defaultAnswer?: boolean;
  readonly isActive?: boolean;
  readonly width?: number;
  readonly onAnswer: (yes: boolean) => void;
}

/** A yes/no question: y or n answer at once, Esc means no, Left/Right/Tab pick, Enter confirms. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { message, title, yesLabel = 'Yes', noLabel = 'No', defaultAnswer = false, isActive = true, width, onAnswer } = props;
  const theme = useTheme();
  const [yesFocused, setYesFocused] = useState(defaultAnswer);
  useCaptureKeys(isActive);
  useKeys((key) => {
    const letter = plainLetter(key).toLowerCase();
    if (letter === 'y') onAnswer(true);
    else if (letter === 'n' || key.name === 'escape') onAnswer(false);
    else if (key.name === 'return') onAnswer(yesFocused);
    else if (['left', 'right', 'tab', 'backtab'].includes(key.name)) setYesFocused((focused) => !focused);
  }, { isActive });

  const button = (label: string, focused: boolean) => (
    <Inverse enabled={focused}>
      <Text bold={focused}>{`${focused ? theme.symbols.pointer : ' '}[ ${label} ]`}</Text>
    </Inverse>
  );
  return (
    <Box flexDirection="column" borderStyle={theme.borderStyle} borderColor={theme.colors.border} paddingX={1} width={width}>
      {title ? <Text bold color={theme.colors.accent}>{displayText(title, theme.ascii)}</Text> : null}
      {message.split('\n').map((line, index) => (
        <Text key={index}>{displayText(line, theme.ascii)}</Text>
      ))}
      <Box marginTop={1} gap={2}>
        {button(`${yesLabel} (y)`, yesFocused)}
        {button(`${noLabel} (n)`, !yesFocused)}
      </Box>
    </Box>
  );
}

/** Rows the dialog takes at `width`: border, title, the message as Ink wraps it, buttons. */
export function confirmDialogRows(props: Pick<ConfirmDialogProps, 'message' | 'title'>, width: number): number {
  const inner = Math.max(1, width - 4); // border and padding on both sides
  const messageRows = props.message.split('\n').reduce((rows, line) => rows + Math.max(1, wrapText(line, inner).length), 0);
  return 2 + (props.title ? 1 : 0) + messageRows + 2;
}
