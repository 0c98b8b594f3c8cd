import React, { useState } from 'react';
import { PassThrough } from 'node:stream';
import { render as inkRender, Text } from 'ink';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { KeyPress } from '../../src/widgets/keyParser.js';
import { useCaptureKeys, useKeys } from '../../src/widgets/use-keys.js';
import { keys, press, renderUi, settle, waitForFrame, withWidgets } from './ui.js';

afterEach(cleanup);

function KeyLog({ active = true, capture = false }: { active?: boolean; capture?: boolean }) {
  const [log, setLog] = useState<string[]>([]);
  useCaptureKeys(capture);
  useKeys((key: KeyPress) => setLog((all) => [...all, `${key.name}${key.text ? `:${key.text}` : ''}${key.ctrl ? '+ctrl' : ''}${key.captured ? '!' : ''}`]), { isActive: active });
  return <Text>{`[${log.join(' ')}]`}</Text>;
}

describe('keyboard', () => {
  test('an arrow key whose bytes arrive in two reads is one arrow, not Escape and text', async () => {
    const ui = renderUi(withWidgets(<KeyLog />));
    await press(ui, '\u001B');
    await press(ui, '[B');
    await waitForFrame(ui, (frame) => frame.includes('down'));
    await press(ui, '\u001B[', 'A');
    expect(await waitForFrame(ui, (frame) => frame.includes('up'))).toBe('[down up]');
  });

  test('text typed fast with Tab and Enter in the same read is every key, none lost', async () => {
    const ui = renderUi(withWidgets(<KeyLog />));
    await press(ui, 'secret-pass\t\r');
    expect(await waitForFrame(ui, (frame) => frame.includes('return'))).toBe('[char:secret-pass tab return]');
  });

  test('a lone Escape is delivered once the escape delay has passed', async () => {
    const ui = renderUi(withWidgets(<KeyLog />));
    await press(ui, keys.escape);
    expect(ui.frame()).toBe('[]');
    expect(await waitForFrame(ui, (frame) => frame !== '[]')).toBe('[escape]');
  });

  test('delivers F-keys, which Ink useInput reports as nothing', async () => {
    const ui = renderUi(withWidgets(<KeyLog />));
    await press(ui, keys.f1, '\u001B[[B', keys.f4);
    expect(ui.frame()).toBe('[f1 f2 f4]');
  });

  test('a bracketed paste arrives as one paste, never as shortcuts', async () => {
    const ui = renderUi(withWidgets(<KeyLog />));
    await press(ui, keys.pasteStart, 'q?1', '\r', 'x', keys.pasteEnd);
    expect(ui.frame()).toBe('[paste:q?1\rx]');
  });

  test('an inactive handler hears nothing; a capture marks the keys as captured', async () => {
    const ui = renderUi(withWidgets(<><KeyLog active={false} /><KeyLog capture /></>));
    await press(ui, 'q', '\u0012');
    expect(ui.frame()).toBe('[]\n[char:q! char:r+ctrl!]');
  });

  test('a key reaches only the handlers active when it arrived', async () => {
    function Dialog() {
      const [open, setOpen] = useState(true);
      const [after, setAfter] = useState(0);
      useKeys(() => setOpen(false), { isActive: open });
      useKeys(() => setAfter((count) => count + 1), { isActive: !open });
      return <Text>{`${open ? 'open' : 'closed'} ${after}`}</Text>;
    }
    const ui = renderUi(withWidgets(<Dialog />));
    await press(ui, 'y');
    await settle(ui);
    expect(ui.frame()).toBe('closed 0');
  });

  test('keys that arrive in one read reach the UI one at a time, each seeing what the previous did', async () => {
    function Opener() {
      const [open, setOpen] = useState(false);
      const [typed, setTyped] = useState('');
      useKeys((key) => key.name === 'char' && key.text === 'a' && setOpen(true), { isActive: !open });
      useKeys((key) => key.name === 'char' ? setTyped((text) => text + key.text) : key.name === 'return' && setTyped((text) => `${text}<enter>`), { isActive: open });
      return <Text>{open ? `input:${typed}` : 'closed'}</Text>;
    }
    const ui = renderUi(withWidgets(<Opener />));
    await press(ui, 'ax\r');
    expect(await waitForFrame(ui, (frame) => frame.includes('<enter>'))).toBe('input:x<enter>');
  });

  test('a long run of text in one read is a paste: delivered whole, not as shortcuts', async () => {
    const ui = renderUi(withWidgets(<KeyLog />));
    await press(ui, 'qqqqqqqq');
    expect(ui.frame()).toBe('[char:qqqqqqqq]');
  });

  test('a stdin without raw mode (not a TTY) does not make Ink throw, as useInput would', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.ReadStream;
    const stdout = Object.assign(new PassThrough(), { columns: 80, rows: 24 }) as unknown as NodeJS.WriteStream;
    const errors: unknown[] = [];
    const instance = inkRender(withWidgets(<KeyLog />), { stdin, stdout, debug: true, patchConsole: false });
    instance.waitUntilExit().catch((error: unknown) => errors.push(error));
    await settle();
    instance.unmount();
    await settle();
    expect(errors).toEqual([]);
  });
});
