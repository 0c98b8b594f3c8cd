/**
 * One way to put screens under test: the real console shell (tabs, status line, footer) over
 * real services on a real store in a temp dir, driven by keys. Assertions go to the store.
 */
import React from 'react';
import { cleanup } from 'ink-testing-library';
import { afterEach } from 'vitest';
import { App } from '../../src/screens/App.js';
import { screens as registeredScreens } from '../../src/screens/registry.js';
import type { ScreenDefinition } from '../../src/screens/screenContract.js';
import { createTheme } from '../../src/widgets/theme.js';
import { stripAnsi } from '../../testing/text.js';
import { makeAppServices, type TestAppServices, type TestServicesOptions } from '../helpers/appServices.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { keys, press, renderUi, settle, waitForFrame, type Ui } from '../widgets/ui.js';

export type { TestAppServices } from '../helpers/appServices.js';

export type ScreenId = 'general' | 'cloud-credentials' | 'ssh-connections' | 'ssh-keypairs';

/** Fresh services on a fresh store per call, closed (with Ink's screens) after each test. */
export function useScreenServices(): (options?: TestServicesOptions) => TestAppServices {
  const tempDir = useTempDirs();
  const opened: TestAppServices[] = [];
  afterEach(() => {
    cleanup();
    for (const services of opened.splice(0)) services.close();
  });
  return (options = {}) => {
    const services = makeAppServices(tempDir(), options);
    opened.push(services);
    return services;
  };
}

export interface MountOptions {
  /** The screens, as tabs 1, 2, ... in this order (default: all four). */
  readonly screens?: readonly ScreenId[];
  /** Terminal size (default 80x24). */
  readonly size?: { columns: number; rows: number };
  /** Unicode and colour; default ASCII without colour, as on a serial console. */
  readonly unicode?: boolean;
  /** The tab to open first (default: the first one). */
  readonly open?: ScreenId;
  /** Resolves once this shows (the screen's own first frame). */
  readonly ready?: string;
}

/** The console shell with the chosen screens, at its first frame. */
export async function mountScreens(services: TestAppServices, options: MountOptions = {}): Promise<Ui> {
  const ids = options.screens ?? registeredScreens.map((screen) => screen.id);
  const chosen: ScreenDefinition[] = ids.map((id) => registeredScreens.find((screen) => screen.id === id)!);
  const theme = createTheme({ ascii: !options.unicode, color: Boolean(options.unicode) });
  const ui = renderUi(<App services={services} screens={chosen} theme={theme} escapeDelayMs={20} onQuit={() => undefined} />, options.size ?? { columns: 80, rows: 24 });
  await settle(ui);
  if (options.open) await press(ui, String(ids.indexOf(options.open) + 1));
  if (options.ready) await waitForFrame(ui, (frame) => stripAnsi(frame).includes(options.ready!));
  await settle(ui);
  return ui;
}

/** The last frame without escape codes. */
export const screenText = (ui: Ui): string => stripAnsi(ui.frame());
/** Every frame drawn so far, without escape codes: for "never on screen" assertions. */
export const everything = (ui: Ui): string => stripAnsi(ui.allFrames());
/** Text as a terminal with bracketed paste delivers a paste. */
export const paste = (text: string): string => `${keys.pasteStart}${text}${keys.pasteEnd}`;

/** A lone Escape, then the time the keyboard waits for the rest of an arrow key. */
export async function escape(ui: Ui): Promise<void> {
  await press(ui, keys.escape);
  await new Promise((resolve) => setTimeout(resolve, 40));
  await settle(ui);
}

/**
 * Keys as a fast line delivers them: all in one read, so each is handled before the screen
 * has drawn what the previous one did. A person typing ahead of a slow link does this.
 */
export async function burst(ui: Ui, ...sequences: string[]): Promise<void> {
  await settle(ui);
  ui.stdin.write(sequences.join(''));
  await settle(ui);
}
