/**
 * Drives Ink components in tests: press keys, then wait for the frame to change (or for a
 * condition) instead of sleeping a fixed time.
 */
import React, { type ReactElement } from 'react';
import { render } from 'ink-testing-library';
import { WidgetProviders } from '../../src/widgets/WidgetProviders.js';
import { createTheme, type Theme } from '../../src/widgets/theme.js';

export const keys = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  home: '\u001B[H',
  end: '\u001B[F',
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  backTab: '\u001B[Z',
  backspace: '\u007F',
  space: ' ',
  ctrlC: '\u0003',
  ctrlD: '\u0004',
  ctrlR: '\u0012',
  ctrlT: '\u0014',
  ctrlU: '\u0015',
  f1: '\u001BOP',
  f2: '\u001BOQ',
  f3: '\u001BOR',
  f4: '\u001BOS',
  f5: '\u001B[15~',
  pasteStart: '\u001B[200~',
  pasteEnd: '\u001B[201~',
} as const;

export type Ui = ReturnType<typeof render> & {
  /** Every frame drawn so far, joined: for "never on screen" assertions. */
  allFrames(): string;
  frame(): string;
};

/** Renders `tree` in a terminal of the given size (ink-testing-library's is 100 columns). */
export function renderUi(tree: ReactElement, size: { columns?: number; rows?: number } = {}): Ui {
  const ui = render(tree);
  Object.defineProperty(ui.stdout, 'columns', { value: size.columns ?? 80, configurable: true, writable: true });
  Object.defineProperty(ui.stdout, 'rows', { value: size.rows ?? 24, configurable: true, writable: true });
  ui.stdout.emit('resize');
  return Object.assign(ui, {
    allFrames: () => ui.frames.join('\n'),
    frame: () => ui.lastFrame() ?? '',
  });
}

/** Widgets need a theme and the keyboard above them. */
export function withWidgets(tree: ReactElement, theme: Theme = createTheme({ ascii: false, color: true }), escapeDelayMs = 50): ReactElement {
  return <WidgetProviders theme={theme} escapeDelayMs={escapeDelayMs}>{tree}</WidgetProviders>;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Resolves once `predicate(frame)` holds, checking every few milliseconds; fails after `timeoutMs`. */
export async function waitForFrame(ui: Ui, predicate: (frame: string) => boolean, timeoutMs = 3000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate(ui.frame())) {
    if (Date.now() > deadline) throw new Error(`the expected frame never came; last frame:\n${ui.frame()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return ui.frame();
}

/** Lets effects run and Ink draw: React renders a macrotask after a key, effects may follow. */
export async function settle(ui?: Ui): Promise<void> {
  for (let i = 0; i < 3; i++) await tick();
  if (!ui) return;
  // Then until no new frame came for a few ticks (an effect may set state, which renders again).
  for (let quiet = 0, round = 0; quiet < 3 && round < 200; round++) {
    const count = ui.frames.length;
    await tick();
    quiet = ui.frames.length === count ? quiet + 1 : 0;
  }
}

/** Types each key as its own read, letting the UI settle in between. */
export async function press(ui: Ui, ...sequences: string[]): Promise<void> {
  await settle(ui); // effects of the previous key (subscriptions) are in place
  for (const sequence of sequences) {
    ui.stdin.write(sequence);
    await settle(ui);
  }
}

/** Presses a key and waits until the frame is different from before. */
export async function pressAndWaitForChange(ui: Ui, sequence: string): Promise<string> {
  await settle(ui);
  const before = ui.frame();
  ui.stdin.write(sequence);
  return waitForFrame(ui, (frame) => frame !== before);
}

/** Types text one character at a time, as a person would. */
export async function type(ui: Ui, text: string): Promise<void> {
  await press(ui, ...Array.from(text));
}

/** Colour SGR parameters: 30-39, 40-49, 90-97, 100-107 (38/48 extended colours included). */
export function colourCodes(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\u001B\[([0-9;]*)m/g)) {
    const params = (match[1] ?? '').split(';').map(Number);
    if (params.some((p) => (p >= 30 && p <= 49) || (p >= 90 && p <= 107))) found.push(match[0]);
  }
  return found;
}
