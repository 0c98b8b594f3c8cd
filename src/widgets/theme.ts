import { createContext, useContext } from 'react';

/**
 * A small semantic theme: widgets ask for "error" or "selection", never for "red". The
 * no-colour theme leaves every colour undefined, so Ink emits no colour code at all (chalk
 * ignores NO_COLOR); focus and selection stay visible through markers and inverse video.
 * The ASCII theme draws nothing above 0x7E: borders, markers and spinner included.
 */
export interface ThemeColors {
  readonly accent?: string;
  readonly muted?: string;
  readonly error?: string;
  readonly warning?: string;
  readonly success?: string;
  readonly info?: string;
  readonly border?: string;
  readonly key?: string;
}

export interface ThemeSymbols {
  readonly pointer: string;
  readonly checked: string;
  readonly unchecked: string;
  readonly ellipsis: string;
  readonly mask: string;
  readonly folded: string;
  readonly unfolded: string;
  readonly moreAbove: string;
  readonly moreBelow: string;
  readonly choiceLeft: string;
  readonly choiceRight: string;
  readonly error: string;
  readonly warning: string;
}

export interface Theme {
  readonly ascii: boolean;
  readonly color: boolean;
  readonly colors: ThemeColors;
  readonly symbols: ThemeSymbols;
  readonly borderStyle: 'round' | 'classic';
  readonly spinner: 'dots' | 'line';
}

const colorful: ThemeColors = {
  accent: 'cyan',
  muted: 'gray',
  error: 'red',
  warning: 'yellow',
  success: 'green',
  info: 'blue',
  border: 'gray',
  key: 'cyan',
};

const unicodeSymbols: ThemeSymbols = {
  pointer: '›',
  checked: '[x]',
  unchecked: '[ ]',
  ellipsis: '…',
  mask: '•',
  folded: '▸',
  unfolded: '▾',
  moreAbove: '↑',
  moreBelow: '↓',
  choiceLeft: '‹',
  choiceRight: '›',
  error: '✗',
  warning: '!',
};

const asciiSymbols: ThemeSymbols = {
  pointer: '>',
  checked: '[x]',
  unchecked: '[ ]',
  ellipsis: '~',
  mask: '*',
  folded: '+',
  unfolded: '-',
  moreAbove: '^',
  moreBelow: 'v',
  choiceLeft: '<',
  choiceRight: '>',
  error: 'x',
  warning: '!',
};

export function createTheme(options: { ascii: boolean; color: boolean }): Theme {
  return {
    ascii: options.ascii,
    color: options.color,
    colors: options.color ? colorful : {},
    symbols: options.ascii ? asciiSymbols : unicodeSymbols,
    borderStyle: options.ascii ? 'classic' : 'round',
    spinner: options.ascii ? 'line' : 'dots',
  };
}

export const ThemeContext = createContext<Theme>(createTheme({ ascii: false, color: true }));

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
