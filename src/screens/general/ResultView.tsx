import React from 'react';
import { Box } from 'ink';
import { ScrollText, TextLine } from '../../widgets/index.js';
import { useScreenBindings } from '../screenContract.js';
import type { GeneralPanelProps } from './generalScreen.js';

/** What an upload or a restore did; long lists (records left out) scroll. */
export function ResultView({ screen, panel: { lines }, active }: GeneralPanelProps<'result'>) {
  const { modes, size } = screen;
  useScreenBindings([{ keys: ['Esc', 'Enter'], label: 'back', action: modes.home }], active);
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <ScrollText lines={lines.map((text) => ({ text }))} width={size.columns} height={Math.max(1, size.rows - 1)} isActive={active} />
      <TextLine text="Press Enter or Esc to go back." width={size.columns} tone="muted" />
    </Box>
  );
}
