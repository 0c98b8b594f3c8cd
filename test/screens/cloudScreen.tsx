/** Mounts the Cloud Credentials screen in the real console shell over a real store, for keypress tests. */
import React from 'react';
import { App } from '../../src/screens/App.js';
import { CloudCredentials } from '../../src/screens/CloudCredentials.js';
import type { ScreenDefinition } from '../../src/screens/types.js';
import { createTheme } from '../../src/widgets/theme.js';
import { makeAppServices } from '../helpers/appServices.js';
import { keys, press, renderUi, settle, waitForFrame, type Ui } from '../widgets/ui.js';
import { stripAnsi } from '../../testing/text.js';

export const cloudScreens: readonly ScreenDefinition[] = [{ id: 'cloud-credentials', title: 'Cloud Credentials', component: CloudCredentials }];

export type CloudServices = ReturnType<typeof makeAppServices>;

/** The shell with the Cloud Credentials screen at 80x24: ASCII without colour unless asked. */
export async function mountCloud(services: CloudServices, options: { unicode?: boolean; size?: { columns: number; rows: number } } = {}): Promise<Ui> {
  const theme = createTheme({ ascii: !options.unicode, color: Boolean(options.unicode) });
  const ui = renderUi(<App services={services} screens={cloudScreens} theme={theme} escapeDelayMs={20} onQuit={() => undefined} />, options.size ?? { columns: 80, rows: 24 });
  await waitForFrame(ui, (frame) => stripAnsi(frame).includes('a add'));
  await settle(ui);
  return ui;
}

export const screenText = (ui: Ui) => stripAnsi(ui.frame());
export const paste = (text: string) => `${keys.pasteStart}${text}${keys.pasteEnd}`;

/** Esc, then the time a lone Escape waits for the rest of an arrow key. */
export async function escape(ui: Ui): Promise<void> {
  await press(ui, keys.escape);
  await new Promise((resolve) => setTimeout(resolve, 40));
  await settle(ui);
}

/** Opens "add", picks the provider at `index` in the seed's order. */
export async function openAddForm(ui: Ui, index: number): Promise<void> {
  await press(ui, 'a');
  await waitForFrame(ui, (frame) => frame.includes('choose the provider'));
  for (let i = 0; i < index; i++) await press(ui, keys.down);
  await press(ui, keys.enter);
  await waitForFrame(ui, (frame) => /Add .* credential/.test(frame));
}
