import React from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { Footer } from '../../src/widgets/Footer.js';
import { HelpOverlay } from '../../src/widgets/HelpOverlay.js';
import { StatusLine } from '../../src/widgets/StatusLine.js';
import { TabBar } from '../../src/widgets/TabBar.js';
import { createTheme } from '../../src/widgets/theme.js';
import { keys, press, renderUi, waitForFrame, withWidgets } from './ui.js';
import { stripAnsi } from '../../testing/text.js';

afterEach(cleanup);

const ascii = createTheme({ ascii: true, color: false });

describe('status line', () => {
  test('names an error as such and wraps a long one rather than cutting its end', () => {
    const ui = renderUi(withWidgets(<StatusLine width={30} status={{ kind: 'error', text: 'The server refused the key: permission denied' }} />, ascii));
    expect(ui.frame()).toBe('x Error: The server refused\nthe key: permission denied');
  });

  test('cuts a very long message after three rows', () => {
    const ui = renderUi(withWidgets(<StatusLine width={20} status={{ kind: 'error', text: 'word '.repeat(40) }} />, ascii));
    const lines = ui.frame().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]!.endsWith('~')).toBe(true);
  });

  test('a busy status turns an ASCII spinner: - \\ | /', async () => {
    const ui = renderUi(withWidgets(<StatusLine width={40} status={{ kind: 'busy', text: 'Saving the configuration' }} />, ascii));
    const seen = new Set<string>();
    await waitForFrame(ui, (frame) => {
      seen.add(frame[0] ?? '');
      return seen.size >= 3;
    });
    expect([...seen].every((char) => '-\\|/'.includes(char))).toBe(true);
    expect(ui.frame().slice(1)).toBe(' Saving the configuration');
  });
});

describe('footer', () => {
  test('drops whole hints that do not fit and always keeps the pinned ones', () => {
    const hints = [{ keys: 'a', label: 'add' }, { keys: 'e', label: 'edit' }, { keys: 'd', label: 'delete' }, { keys: 'x', label: 'hidden', footer: false }];
    const ui = renderUi(withWidgets(<Footer width={34} hints={hints} pinned={[{ keys: '?', label: 'help' }, { keys: 'q', label: 'quit' }]} />));
    expect(stripAnsi(ui.frame())).toBe('a add  e edit       ? help  q quit');
  });
});

describe('tab bar', () => {
  test('brackets the active tab so it shows without colour', () => {
    const tabs = [{ id: 'a', key: '1', title: 'General' }, { id: 'b', key: '2', title: 'SSH Keypairs' }];
    const ui = renderUi(withWidgets(<TabBar tabs={tabs} activeId="b" width={80} />, ascii));
    expect(stripAnsi(ui.frame())).toBe(' 1 General  [2 SSH Keypairs]');
    expect(ui.frame()).toContain('\u001B[7m[2 SSH Keypairs]');
  });
});

describe('help overlay', () => {
  const hints = Array.from({ length: 30 }, (_, i) => ({ keys: `k${i}`, label: `action ${i}` }));

  test('lists every key, scrolling when they do not fit, and closes on Esc or ?', async () => {
    let closed = 0;
    const ui = renderUi(withWidgets(<HelpOverlay title="Keys" sections={[{ title: 'Screen', hints }]} width={60} height={12} onClose={() => closed++} />, ascii));
    expect(stripAnsi(ui.frame())).toContain('k0');
    expect(stripAnsi(ui.frame())).not.toContain('k29');
    await press(ui, keys.end);
    expect(stripAnsi(ui.frame())).toContain('k29');
    expect(stripAnsi(ui.frame())).toContain('24-31 of 31');
    await press(ui, '?');
    expect(closed).toBe(1);
    await press(ui, keys.escape);
    await waitForFrame(ui, () => closed === 2);
  });
});
