import React from 'react';
import { Box, Text } from 'ink';
import { Inverse } from './Inverse.js';
import { useTheme } from './theme.js';
import { displayText, fitText } from './text.js';

export interface Tab {
  readonly id: string;
  readonly title: string;
  /** Shown before the title: the key that opens the tab, e.g. "1". */
  readonly key: string;
}

export interface TabBarProps {
  readonly tabs: readonly Tab[];
  readonly activeId: string;
  readonly width: number;
}

/** One line of tabs; the active one is bracketed (visible without colour) and inverse. */
export function TabBar({ tabs, activeId, width }: TabBarProps) {
  const theme = useTheme();
  const labels = tabs.map((tab) => `${tab.key} ${displayText(tab.title, theme.ascii)}`);
  const natural = labels.reduce((sum, label) => sum + label.length + 3, 0);
  // Each tab takes its label, two brackets and a gap; cut labels evenly only when they do not fit.
  const room = natural <= width ? Infinity : Math.max(3, Math.floor(width / Math.max(1, tabs.length)) - 3);
  return (
    <Box width={width} height={1} overflow="hidden">
      {tabs.map((tab, index) => {
        const active = tab.id === activeId;
        const label = fitText(labels[index] ?? '', room, theme.symbols.ellipsis);
        return (
          <Box key={tab.id} marginRight={1}>
            <Inverse enabled={active}>
              <Text bold={active} color={active ? theme.colors.accent : theme.colors.muted}>
                {active ? `[${label}]` : ` ${label} `}
              </Text>
            </Inverse>
          </Box>
        );
      })}
    </Box>
  );
}
