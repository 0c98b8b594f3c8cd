// The console at 10,000 and 100,000 cloud credentials: a keypress in the Cloud Credentials list
// and in its `/` filter (to the next paint, drawn as runConsole draws it), and RSS with that
// list open. Each size is measured in a process of its own, opening a store filled by another.
// Save and upload at both sizes, with their growth, are archive.bench.ts's.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import React from 'react';
import { render } from 'ink';
import { FullScreenOutput } from '../../src/cli/fullScreenOutput.js';
import { appSecretPolicy } from '../../src/engine/appSecretPolicy.js';
import { openDataStore } from '../../src/engine/dataStore.js';
import { App } from '../../src/screens/App.js';
import { CloudCredentials } from '../../src/screens/cloudCredentials/CloudCredentials.js';
import { createAppServices } from '../../src/screens/services.js';
import { createTheme } from '../../src/widgets/theme.js';
import { FakeStdin, FakeStdout } from '../../testing/fakeTerminal.js';
import { fillInChild, fillWhenAsked } from './credentialStore.js';
import { ms, percentile, report } from './figures.js';

const SIZES = [10_000, 100_000] as const;
const DOWN = '\u001B[B';
const UP = '\u001B[A';
const PAGE_DOWN = '\u001B[6~';
const END = '\u001B[F';
const HOME = '\u001B[H';
const BACKSPACE = '\u007F';
const ESCAPE = '\u001B';

interface SizeFigures {
  keypressP50: number;
  keypressP95: number;
  filterP50: number;
  filterP95: number;
  rssMb: number;
}

/** A terminal that keeps no bytes (a long run would hold megabytes) and says when a paint lands. */
class PaintSignal extends FakeStdout {
  override write(): boolean {
    this.emit('paint');
    return true;
  }
}

const pause = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));

/** Until the terminal has had no paint for a few milliseconds. */
async function quiet(terminal: PaintSignal): Promise<void> {
  for (;;) {
    let painted = false;
    const seen = () => (painted = true);
    terminal.on('paint', seen);
    await pause(5);
    terminal.off('paint', seen);
    if (!painted) return;
  }
}

/** The list screen over `dataDir`; each key is timed from its bytes arriving to the next paint. */
async function listKeypresses(dataDir: string): Promise<{ times: number[]; filterTimes: number[]; rssMb: number; close(): void }> {
  const { paths, store } = openDataStore(dataDir, appSecretPolicy);
  const services = createAppServices({ paths, store, preferences: { get: () => undefined, set: () => undefined }, secretPolicy: appSecretPolicy });
  const stdin = new FakeStdin();
  const terminal = new PaintSignal();
  const instance = render(
    React.createElement(App, { services, theme: createTheme({ ascii: false, color: true }), screens: [{ id: 'cloud-credentials', title: 'Cloud Credentials', component: CloudCredentials }], escapeDelayMs: 20, onQuit: () => undefined }),
    { stdout: new FullScreenOutput(terminal as unknown as NodeJS.WriteStream) as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, debug: true, exitOnCtrlC: false, patchConsole: false },
  );
  await pause(500);
  globalThis.gc?.();
  await pause(50);
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  const timeKeys = async (keys: readonly string[], into: number[]) => {
    for (const key of keys) {
      const painted = once(terminal, 'paint');
      const start = performance.now();
      stdin.type(key);
      await painted;
      into.push(performance.now() - start);
      await quiet(terminal); // a later paint of this key (deferred work) must not be taken for the next key's
    }
  };
  const times: number[] = [];
  // Moves inside the window, scrolls past its edge, pages, and moves at the far end of the list.
  const sequence = [...Array<string>(30).fill(DOWN), ...Array<string>(10).fill(PAGE_DOWN), ...Array<string>(30).fill(UP), END, ...Array<string>(20).fill(UP), HOME];
  for (let round = 0; round < 3; round++) await timeKeys(sequence, times);
  // The filter: `/`, a name typed a character at a time (each narrows all the rows), then erased.
  const filterTimes: number[] = [];
  const typed = [...'credential-0999'];
  for (let round = 0; round < 3; round++) {
    await timeKeys(['/', ...typed, ...typed.map(() => BACKSPACE)], filterTimes);
    await timeKeys([ESCAPE], []);
    await pause(50); // Esc alone is told from an escape sequence by a pause
  }
  return { times: times.sort((a, b) => a - b), filterTimes: filterTimes.sort((a, b) => a - b), rssMb, close: () => (instance.unmount(), store.close()) };
}

async function measure(dataDir: string): Promise<SizeFigures> {
  const list = await listKeypresses(dataDir);
  list.close();
  return { keypressP50: percentile(list.times, 50), keypressP95: percentile(list.times, 95), filterP50: percentile(list.filterTimes, 50), filterP95: percentile(list.filterTimes, 95), rssMb: list.rssMb };
}

fillWhenAsked();
if (process.argv[2] === '--measure') {
  const figures = await measure(process.argv[3]!);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  process.exit(0);
}

const root = mkdtempSync(join(tmpdir(), 'nasconsole-bench-scale-'));
try {
  for (const size of SIZES) {
    const dir = join(root, String(size));
    fillInChild(join(dir, 'data'), size);
    // React and Ink pick their production build from NODE_ENV when loaded, as the shipped bundle has it.
    const measured = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--measure', join(dir, 'data')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
    if (measured.status !== 0) throw new Error(`measuring ${size} credentials failed`);
    const figures = JSON.parse(measured.stdout.trim().split('\n').at(-1)!) as SizeFigures;
    const count = size.toLocaleString('en');
    report(`list keypress to next frame, ${count} credentials (p50)`, ms(figures.keypressP50));
    report(`list keypress to next frame, ${count} credentials (p95)`, ms(figures.keypressP95), '< 16 ms');
    report(`RSS with the list of ${count} credentials open`, `${figures.rssMb.toFixed(1)} MB`, '< 200 MB');
    report(`filter keypress to next frame, ${count} credentials (p50)`, ms(figures.filterP50));
    report(`filter keypress to next frame, ${count} credentials (p95)`, ms(figures.filterP95), '< 16 ms');
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
