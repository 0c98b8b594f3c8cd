// The console as runConsole draws it (Ink in debug mode into FullScreenOutput, which paints only
// changed cells), on the fake terminal the tests measure with, for the benches that press keys
// in it: each key timed to the next paint, with the bytes it wrote and their floor.
import { performance } from 'node:perf_hooks';
import React from 'react';
import { render } from 'ink';
import { FullScreenOutput } from '../../src/cli/fullScreenOutput.js';
import { appSecretPolicy } from '../../src/engine/appSecretPolicy.js';
import { openDataStore } from '../../src/engine/dataStore.js';
import { App } from '../../src/screens/App.js';
import type { ScreenDefinition } from '../../src/screens/screenContract.js';
import { createAppServices, type AppServices } from '../../src/screens/services.js';
import { createTheme } from '../../src/widgets/theme.js';
import { FakeStdin, FakeStdout } from '../../testing/fakeTerminal.js';
import { paintFloor } from './terminalFloor.js';

export const KEY = {
  down: '\u001B[B',
  up: '\u001B[A',
  pageDown: '\u001B[6~',
  end: '\u001B[F',
  home: '\u001B[H',
  backspace: '\u007F',
  escape: '\u001B',
} as const;

/** The services the console gives its screens, over the store in `dataDir`, with no preferences. */
export function benchServices(dataDir: string): AppServices & { close(): void } {
  const data = openDataStore(dataDir, appSecretPolicy);
  const services = createAppServices({ paths: data.paths, store: data.store, preferences: { get: () => undefined, set: () => undefined }, secretPolicy: appSecretPolicy });
  return Object.assign(services, { close: () => data.store.close() });
}

/** The tests' terminal, also counting bytes as they come and resolving `nextWrite` on the next paint. */
class BenchTerminal extends FakeStdout {
  bytes = 0;
  private waiting: (() => void) | undefined;
  override write(chunk: string | Uint8Array): boolean {
    super.write(chunk);
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    const done = this.waiting;
    this.waiting = undefined;
    done?.();
    return true;
  }
  nextWrite(): Promise<void> {
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

/** The painter, also keeping the last whole frame Ink handed over: what the screen shows once quiet. */
class RecordingOutput extends FullScreenOutput {
  shown: string[] = [];
  override write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    const text = String(chunk);
    if (text.includes('\n')) this.shown = text.split('\n');
    return super.write(chunk, encoding, callback);
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Until nothing more is painted: a key's later paints (deferred work) are not the next key's. */
export async function quiet(terminal: BenchTerminal): Promise<void> {
  for (let still = 0; still < 5; ) {
    const before = terminal.bytes;
    await tick();
    await new Promise((resolve) => setTimeout(resolve, 2));
    still = terminal.bytes === before ? still + 1 : 0;
  }
}

export interface KeyResult {
  /** From the key's bytes arriving to the next paint. */
  ms: number;
  /** What the key and what followed it wrote to the terminal. */
  bytes: number;
  /** The bytes a terminal strictly needs for that change of picture. */
  floor: number;
}

export async function mountConsole(services: AppServices, options: { theme: { ascii: boolean; color: boolean }; screens: readonly ScreenDefinition[] }) {
  const stdin = new FakeStdin();
  const terminal = new BenchTerminal();
  const screen = new RecordingOutput(terminal);
  const instance = render(
    // createElement: the runner picks up .bench.ts files, which cannot hold JSX.
    React.createElement(App, { services, theme: createTheme(options.theme), screens: options.screens, escapeDelayMs: 20, onQuit: () => undefined }),
    { stdout: screen as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, debug: true, exitOnCtrlC: false, patchConsole: false },
  );
  await quiet(terminal);
  const key = async (sequence: string): Promise<KeyResult> => {
    const before = terminal.bytes;
    const shown = screen.shown;
    const painted = terminal.nextWrite();
    const start = performance.now();
    stdin.type(sequence);
    await painted;
    const elapsed = performance.now() - start;
    await quiet(terminal);
    return { ms: elapsed, bytes: terminal.bytes - before, floor: paintFloor(shown, screen.shown) };
  };
  return { key, terminal, unmount: () => instance.unmount() };
}
