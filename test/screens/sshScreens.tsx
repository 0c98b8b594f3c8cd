/** Mounts the SSH screens in the real console shell over a real store, for keypress tests. */
import React from 'react';
import type { DataStore } from '../../src/engine/dataStore.js';
import { App } from '../../src/screens/App.js';
import { createAppServices, type AppServices } from '../../src/screens/services.js';
import { memoryPreferences } from '../helpers/appServices.js';
import { SshConnections } from '../../src/screens/SshConnections.js';
import { SshKeypairs } from '../../src/screens/SshKeypairs.js';
import type { ScreenDefinition } from '../../src/screens/types.js';
import { createTheme } from '../../src/widgets/theme.js';
import { afterEach } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { openTestStore, testPolicy } from '../helpers/dataStores.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { keys, renderUi, settle, type Ui } from '../widgets/ui.js';
import { stripAnsi } from '../../testing/text.js';

export function servicesFor(data: DataStore): AppServices {
  return createAppServices({ paths: data.paths, store: data.store, preferences: memoryPreferences(), secretPolicy: testPolicy });
}

const sshScreens: readonly ScreenDefinition[] = [
  { id: 'ssh-connections', title: 'SSH Connections', component: SshConnections },
  { id: 'ssh-keypairs', title: 'SSH Keypairs', component: SshKeypairs },
];

/** The shell with both SSH screens (1 Connections, 2 Keypairs) at 80x24, ASCII without colour unless asked. */
export async function mountSsh(data: DataStore, options: { screen?: 'connections' | 'keypairs'; size?: { columns: number; rows: number }; unicode?: boolean } = {}): Promise<Ui> {
  const theme = createTheme({ ascii: !options.unicode, color: Boolean(options.unicode) });
  const ui = renderUi(<App services={servicesFor(data)} screens={sshScreens} theme={theme} escapeDelayMs={10} onQuit={() => undefined} />, options.size ?? { columns: 80, rows: 24 });
  await settle();
  if (options.screen === 'keypairs') {
    ui.stdin.write('2');
    await settle();
  }
  return ui;
}

export const screenText = (ui: Ui) => stripAnsi(ui.frame());
/** Every frame drawn so far, without escape codes: for "never on screen" assertions. */
export const everything = (ui: Ui) => stripAnsi(ui.allFrames());

/** A lone Escape: the keyboard waits a moment for the rest of an arrow key, so the next key must wait too. */
export async function escape(ui: Ui): Promise<void> {
  await settle();
  ui.stdin.write(keys.escape);
  await new Promise((resolve) => setTimeout(resolve, 40));
  await settle();
}

/** A fresh real store per call, closed after the test (with Ink's cleanup). */
export function useFreshStores(): () => DataStore {
  const tempDir = useTempDirs();
  const opened: DataStore[] = [];
  afterEach(() => {
    cleanup();
    for (const data of opened.splice(0)) data.store.close();
  });
  return () => {
    const data = openTestStore(tempDir());
    opened.push(data);
    return data;
  };
}
