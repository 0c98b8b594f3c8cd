import React, { type ComponentType } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../widgets/theme.js';
import { useScreenKeys, type ScreenProps } from './screenContract.js';

const NO_KEYS = [] as const;

/** A screen still to come: the registry lists it so the shell has all four tabs. */
export function placeholderScreen(title: string): ComponentType<ScreenProps> {
  function PlaceholderScreen({ size }: ScreenProps) {
    const theme = useTheme();
    useScreenKeys(NO_KEYS);
    return (
      <Box width={size.columns} height={size.rows} paddingX={2} paddingY={1}>
        <Text color={theme.colors.muted}>{`Coming soon: ${title}`}</Text>
      </Box>
    );
  }
  PlaceholderScreen.displayName = `PlaceholderScreen(${title})`;
  return PlaceholderScreen;
}
