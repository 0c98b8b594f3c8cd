import { vi } from 'vitest';

// Both are read once, when Ink and chalk load: CI=true makes Ink 6 draw only the last frame
// of its own output, and FORCE_COLOR makes chalk colour even though a test has no terminal.
vi.hoisted(() => {
  process.env.CI = 'true';
  process.env.FORCE_COLOR = '3';
});

import { describe, expect, test } from 'vitest';
import { runConsole } from '../../src/cli/tui.js';
import { emulate, fakeTerminal } from '../../testing/fakeTerminal.js';
import { testScreens } from './screens.js';
import { colourCodes } from '../widgets/ui.js';

async function session(env: NodeJS.ProcessEnv, keys: string[], options: { ascii?: boolean; noColor?: boolean } = {}) {
  const terminal = fakeTerminal();
  const exit = runConsole({ services: {}, screens: testScreens, env, escapeDelayMs: 10, ...options, ...terminal } as never);
  /** Until the output has grown and then stayed the same for a moment. */
  const painted = async (before: number) => {
    const deadline = Date.now() + 3000;
    while (terminal.stdout.output.length === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
    for (let length = -1; length !== terminal.stdout.output.length; ) {
      length = terminal.stdout.output.length;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  await painted(0);
  const screens: string[][] = [];
  for (const key of keys) {
    const before = terminal.stdout.output.length;
    terminal.stdin.type(key);
    await painted(before);
    screens.push(emulate(terminal.stdout.output));
  }
  terminal.stdin.type('\u0003');
  terminal.stdin.type('\u0003');
  expect(await exit).toBe(0);
  return { output: terminal.stdout.output, screens };
}

const journey = ['\u001B[B', '?', '\u001B', 'a', 'n', 'a', 's', '\t', 's', 'e', 'c', '\u0012', '3', '\u001BOP'];

describe('terminal environments', () => {
  test('with CI=true every key still repaints the screen', async () => {
    const { screens } = await session({ LANG: 'C.UTF-8', TERM: 'xterm' }, ['\u001B[B', '3']);
    expect(screens[0]![3]).toMatch(/^›backup-sftp/);
    expect(screens[1]![0]).toMatch(/\[3 Third\]/);
  });

  test('a C locale on a vt100 gets pure ASCII, NO_COLOR gets no colour code, through a whole session', async () => {
    const { output, screens } = await session({ LANG: 'C', TERM: 'vt100', NO_COLOR: '1' }, journey);
    expect([...output].filter((char) => char.charCodeAt(0) > 0x7e)).toEqual([]);
    expect(colourCodes(output)).toEqual([]);
    expect(screens[1]!.join('\n')).toContain('+----'); // the help overlay's ASCII frame
    expect(output).toContain('\u001B[7m'); // selection and caret: inverse video, not colour
  });

  test('--ascii and --no-color do the same in a UTF-8 colour terminal', async () => {
    const { output } = await session({ LANG: 'en_US.UTF-8', TERM: 'xterm-256color' }, journey, { ascii: true, noColor: true });
    expect([...output].filter((char) => char.charCodeAt(0) > 0x7e)).toEqual([]);
    expect(colourCodes(output)).toEqual([]);
  });

  test('a UTF-8 colour terminal gets colours (the checks above are not vacuous)', async () => {
    const { output } = await session({ LANG: 'en_US.UTF-8', TERM: 'xterm-256color' }, journey);
    expect(colourCodes(output).length).toBeGreaterThan(0);
    expect(output).toContain('›');
  });
});
