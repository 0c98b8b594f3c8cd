import React, { type ReactNode } from 'react';
import { KeyboardProvider } from './KeyboardProvider.js';
import { ThemeContext, type Theme } from './theme.js';

export interface WidgetProvidersProps {
  readonly theme: Theme;
  readonly escapeDelayMs?: number;
  readonly children: ReactNode;
}

/** What every widget needs above it: the theme and the keyboard. */
export function WidgetProviders({ theme, escapeDelayMs, children }: WidgetProvidersProps) {
  return (
    <ThemeContext.Provider value={theme}>
      <KeyboardProvider {...(escapeDelayMs === undefined ? {} : { escapeDelayMs })}>{children}</KeyboardProvider>
    </ThemeContext.Provider>
  );
}
