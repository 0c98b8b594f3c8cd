import React from 'react';
import InkSpinner from 'ink-spinner';
import { Text } from 'ink';
import { useTheme } from './theme.js';

/** ink-spinner, as `- \ | /` in ASCII mode. */
export function Spinner() {
  const theme = useTheme();
  return (
    <Text color={theme.colors.accent}>
      <InkSpinner type={theme.spinner} />
    </Text>
  );
}
