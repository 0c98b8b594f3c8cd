/**
 * What the console paints, cell by cell, is what a full redraw paints: on a real terminal
 * (tmux), after list moves and one-row scrolls, and after something scribbled on the screen.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appSecretPolicy } from '../../src/engine/appSecretPolicy.js';
import { openDataStore } from '../../src/engine/dataStore.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { openConsole, stopTerminals } from './console.js';
import { terminalProfiles, type TerminalProfile } from './terminals.js';
import type { TmuxTerminal } from './tmuxTerminal.js';

const tempDir = useTempDirs();
afterEach(stopTerminals);

/** More credentials than an 80x24 list shows, so moving past its edge scrolls. */
function storeWithCredentials(dataDir: string, count: number): void {
  const { store } = openDataStore(dataDir, appSecretPolicy);
  store.db.transaction(() => {
    for (let i = 0; i < count; i++) store.cloudCredentials.create(`credential-${String(i).padStart(3, '0')}`, ['S3', 'FTP', 'SFTP'][i % 3]!, { host: 'backup.example.com', user: 'nas', pass: `secret-${i}`, access_key_id: `AKIA${i}` });
  })();
  store.close();
}

/** Waits until the screen has stopped changing (the last key is painted): the same three times running. */
async function settled(terminal: TmuxTerminal): Promise<string> {
  const screens: string[] = [];
  while (screens.length < 3 || new Set(screens.slice(-3)).size > 1) {
    screens.push(await terminal.captureWithAttributes());
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return screens.at(-1)!;
}

/** Ctrl-L: the whole screen painted again from nothing (a mark written first tells when it was). */
async function redrawn(terminal: TmuxTerminal): Promise<string> {
  await terminal.scribble('\u001B[1;1H#REDRAW-MARK#');
  await terminal.waitFor('#REDRAW-MARK#');
  await terminal.keys('C-l');
  await terminal.waitForGone('#REDRAW-MARK#');
  return settled(terminal);
}

/** The console on Cloud Credentials, over a store of `count` credentials. */
async function openCloudCredentials(profile: TerminalProfile, count: number): Promise<TmuxTerminal> {
  const dataDir = join(tempDir(), 'data');
  storeWithCredentials(dataDir, count);
  const terminal = await openConsole(profile, dataDir);
  await terminal.keys('2');
  await terminal.waitFor(/Provider\s+Last verify/);
  return terminal;
}

describe.each(terminalProfiles)('painting over a real terminal: $name', (profile) => {
  it('list moves and one-row scrolls leave the screen equal to a full redraw', async () => {
    const terminal = await openCloudCredentials(profile, 60);
    let selected = 0;
    const move = async (key: 'Up' | 'Down', times: number) => {
      for (let i = 0; i < times; i++) await terminal.keys(key);
      selected += key === 'Down' ? times : -times;
      await terminal.waitFor(new RegExp(`[>›]credential-${String(selected).padStart(3, '0')}`));
      return settled(terminal);
    };
    let screen = await move('Down', 3);
    expect(await redrawn(terminal)).toBe(screen);
    screen = await move('Down', profile.rows + 4); // past the window's edge: scrolls
    expect(await redrawn(terminal)).toBe(screen);
    screen = await move('Up', profile.rows + 2); // and back: scrolls the other way
    expect(await redrawn(terminal)).toBe(screen);
  });

  it('Ctrl-L makes the screen whole again after another program wrote over it', async () => {
    const terminal = await openCloudCredentials(profile, 5);
    const whole = await settled(terminal);
    await terminal.scribble('\u001B[3;5Hwall: the system is going down\u001B[10;1H\u001B[2K\u001B[7mgarbage\u001B[0m\r\n\r\n');
    expect(await terminal.waitFor('wall: the system')).not.toBe(whole);
    const redrawnScreen = await redrawn(terminal);
    expect(redrawnScreen).not.toContain('wall: the system');
    expect(redrawnScreen).toBe(whole);
  });
});
