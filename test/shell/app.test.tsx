import React from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { App } from '../../src/screens/App.js';
import { createTheme } from '../../src/widgets/theme.js';
import { keys, press, renderUi, settle, type, waitForFrame } from '../widgets/ui.js';
import { stripAnsi } from '../../testing/text.js';
import { testScreens } from './screens.js';
import { makeAppServices } from '../helpers/appServices.js';
import { useTempDirs } from '../helpers/tempDir.js';

const tempDir = useTempDirs();

afterEach(cleanup);

const SECRET = 'tr0ub4dor&3';

async function mount(size: { columns: number; rows: number } = { columns: 80, rows: 24 }) {
  const quit = { count: 0 };
  const ui = renderUi(<App services={{}} screens={testScreens} theme={createTheme({ ascii: false, color: true })} onQuit={() => quit.count++} />, size);
  await settle(ui); // the resize to 80x24 and the screen's published keys
  return { ui, quit };
}

const screen = (frame: string) => stripAnsi(frame);
const activeTab = (frame: string) => /\[(\d [^\]]+)\]/.exec(screen(frame))?.[1];

describe('console shell', () => {
  test('switches screens with the number keys and with F2-F5 (F1 is help)', async () => {
    const { ui } = await mount();
    expect(activeTab(ui.frame())).toBe('1 Credentials');
    await press(ui, '3');
    expect(activeTab(ui.frame())).toBe('3 Third');
    expect(screen(ui.frame())).toContain('Coming soon: Third');
    await press(ui, keys.f3);
    expect(activeTab(ui.frame())).toBe('2 Second');
    await press(ui, keys.f5, '9');
    expect(activeTab(ui.frame())).toBe('4 Fourth');
    await press(ui, '\u001B[[B'); // F2 as the Linux console sends it
    expect(screen(ui.frame())).toContain('offsite-s3');
  });

  test('F1 opens the help from anywhere and closes it again; F2-F5 switch screens from the help too', async () => {
    const { ui } = await mount();
    await press(ui, keys.f1);
    expect(screen(ui.frame())).toContain('Keys of Credentials');
    await press(ui, keys.f1);
    expect(screen(ui.frame())).not.toContain('Keys of Credentials');
    await press(ui, keys.f1, keys.f4);
    expect(activeTab(ui.frame())).toBe('3 Third');
    expect(screen(ui.frame())).not.toContain('Keys of');
  });

  test('F1 inside a text field opens the help and types nothing; the field keeps its text', async () => {
    const { ui } = await mount();
    await press(ui, 'a');
    await type(ui, 'ab');
    await press(ui, keys.f1);
    const help = screen(ui.frame());
    expect(help).toMatch(/Ctrl-R\s+reveal/); // the form's keys
    expect(help).toContain('switch screen');
    await press(ui, keys.escape);
    await waitForFrame(ui, (frame) => /Name\s+ab/.test(screen(frame)));
    await type(ui, 'c');
    expect(screen(ui.frame())).toMatch(/Name\s+abc\b/);
  });

  test('a form\'s footer names F1 for help and F2-F5 for the screens, not q', async () => {
    const { ui } = await mount();
    await press(ui, 'a');
    const footer = screen(ui.frame()).split('\n').at(-1);
    expect(footer).toMatch(/Esc cancel\s+F1 help {2}F2-F5 screens$/);
  });

  test('? opens a help overlay listing every key of the current screen and the shell; Esc closes it', async () => {
    const { ui } = await mount();
    await press(ui, '?');
    const help = screen(ui.frame());
    for (const text of ['add credential', 'verify', 'PgUp/PgDn Home/End', 'switch screen', 'Ctrl-C']) expect(help).toContain(text);
    await press(ui, 'a', '2'); // the help overlay has the keyboard
    expect(activeTab(ui.frame())).toBe('1 Credentials');
    await press(ui, keys.escape);
    await waitForFrame(ui, (frame) => screen(frame).includes('offsite-s3'));
    await press(ui, 'a', '?');
    expect(screen(ui.frame())).toContain('Ctrl-R reveal'); // the form's keys now
  });

  test('the footer shows the screen keys and the shell keys', async () => {
    const { ui } = await mount();
    const footer = screen(ui.frame()).split('\n').at(-1);
    expect(footer).toMatch(/^a add credential {2}v verify\s+F1 help {2}q quit$/);
  });

  test('q quits when nothing is unsaved', async () => {
    const { ui, quit } = await mount();
    await press(ui, 'q');
    expect(quit.count).toBe(1);
  });

  test('in a text field q, ? and digits are text, not shortcuts', async () => {
    const { ui, quit } = await mount();
    await press(ui, 'a');
    await type(ui, 'q?2x');
    expect(screen(ui.frame())).toMatch(/Name\s+q\?2x/);
    expect(activeTab(ui.frame())).toBe('1 Credentials');
    expect(quit.count).toBe(0);
  });

  test('Esc on a changed form asks before discarding, and n keeps the typing', async () => {
    const { ui } = await mount();
    await press(ui, 'a');
    await type(ui, 'offsite');
    await press(ui, keys.escape);
    await waitForFrame(ui, (frame) => frame.includes('Discard the changes in this form?'));
    await press(ui, 'n');
    expect(screen(ui.frame())).toMatch(/Name\s+offsite/);
    await press(ui, keys.escape);
    await waitForFrame(ui, (frame) => frame.includes('Discard the changes'));
    await press(ui, 'y');
    expect(screen(ui.frame())).toContain('offsite-s3');
  });

  test('quitting with unsaved changes asks first; a second Ctrl-C quits anyway', async () => {
    const { ui, quit } = await mount();
    await press(ui, 'a');
    await type(ui, 'x');
    await press(ui, keys.tab, keys.ctrlC);
    expect(screen(ui.frame())).toContain('Credentials has changes that are not saved. Quit anyway?');
    await press(ui, 'n');
    expect(quit.count).toBe(0);
    expect(screen(ui.frame())).toMatch(/Name\s+x/);
    await press(ui, keys.ctrlC, keys.ctrlC);
    expect(quit.count).toBe(1);
  });

  test('a screen keeps what was typed when the user switches away and back', async () => {
    const { ui } = await mount();
    await press(ui, 'a');
    await type(ui, 'half-typed');
    await press(ui, keys.f4);
    expect(screen(ui.frame())).toContain('Coming soon: Third');
    await press(ui, keys.f2);
    expect(screen(ui.frame())).toMatch(/Name\s+half-typed/);
  });

  test('a secret typed in a screen is never on screen, F3 included (it switches screens)', async () => {
    const { ui } = await mount();
    await press(ui, 'a', keys.tab);
    await type(ui, SECRET);
    await press(ui, keys.f3, keys.f2, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Saved'));
    expect(ui.allFrames()).not.toContain(SECRET.slice(0, 5));
  });

  test('the status line shows a spinner while a screen is busy, then the outcome', async () => {
    const { ui } = await mount();
    await press(ui, 'v');
    const frame = await waitForFrame(ui, (f) => /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Verifying offsite-s3/.test(screen(f)));
    expect(screen(frame).split('\n').at(-2)).toMatch(/^. Verifying offsite-s3$/);
    await press(ui, 'a');
    await type(ui, 'nas');
    await press(ui, keys.enter, keys.enter);
    expect(screen(ui.frame()).split('\n').at(-2)).toBe('Saved nas');
  });

  test('fits 80x24 in 23 lines, and follows a resize', async () => {
    const { ui } = await mount();
    const lines = screen(ui.frame()).split('\n');
    expect(lines).toHaveLength(23);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(80);
    expect(screen(ui.frame())).toContain('size 80x20');
    Object.assign(ui.stdout, { columns: 120, rows: 40 });
    ui.stdout.emit('resize');
    const resized = await waitForFrame(ui, (frame) => screen(frame).includes('size 120x36'));
    expect(screen(resized).split('\n')).toHaveLength(39);
  });

  test('without a screens list it shows the four registered screens', async () => {
    const services = makeAppServices(tempDir());
    const ui = renderUi(<App services={services} theme={createTheme({ ascii: true, color: false })} onQuit={() => undefined} />);
    await settle(ui);
    expect(screen(ui.frame()).split('\n')[0]).toBe('[1 General]  2 Cloud Credentials   3 SSH Connections   4 SSH Keypairs');
    expect(screen(ui.frame())).toContain('Save the configuration to a file');
    services.close();
  });
});
