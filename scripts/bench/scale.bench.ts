// The console at 10,000 and 100,000 cloud credentials: a keypress in the Cloud Credentials list
// (to the next paint, drawn as runConsole draws it), RSS with that list open, and the time of a
// save and of an upload of the saved file, with their growth from 10,000 to 100,000. Each size
// is measured in a process of its own, opening a store filled by another.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import React from 'react';
import { render } from 'ink';
import { FullScreenOutput } from '../../src/cli/fullScreenOutput.js';
import { errorMessage } from '../../src/common/errors.js';
import { saveConfiguration } from '../../src/engine/archive/save.js';
import { openUploadFile } from '../../src/engine/archive/readArchive.js';
import { uploadConfiguration } from '../../src/engine/archive/upload.js';
import { appSecretPolicy } from '../../src/engine/appSecretPolicy.js';
import { openDataStore } from '../../src/engine/dataStore.js';
import { App } from '../../src/screens/App.js';
import { CloudCredentials } from '../../src/screens/cloudCredentials/CloudCredentials.js';
import { createAppServices } from '../../src/screens/services.js';
import { createTheme } from '../../src/widgets/theme.js';
import { FakeStdin, FakeStdout } from '../../testing/fakeTerminal.js';
import { fillInChild, fillWhenAsked } from './credentialStore.js';
import { ms, percentile, report, timeRuns } from './figures.js';

const SIZES = [10_000, 100_000] as const;
const DOWN = '\u001B[B';
const UP = '\u001B[A';
const PAGE_DOWN = '\u001B[6~';
const END = '\u001B[F';
const HOME = '\u001B[H';

interface SizeFigures {
  keypressP50: number;
  keypressP95: number;
  rssMb: number;
  saveMs: number;
  upload: { ms: number } | { refused: string };
}

/** A terminal that keeps no bytes (a long run would hold megabytes) and says when a paint lands. */
class PaintSignal extends FakeStdout {
  override write(): boolean {
    this.emit('paint');
    return true;
  }
}

const pause = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));

/** The list screen over `dataDir`; each key is timed from its bytes arriving to the next paint. */
async function listKeypresses(dataDir: string): Promise<{ times: number[]; rssMb: number; close(): void }> {
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
  const times: number[] = [];
  // Moves inside the window, scrolls past its edge, pages, and moves at the far end of the list.
  const sequence = [...Array<string>(30).fill(DOWN), ...Array<string>(10).fill(PAGE_DOWN), ...Array<string>(30).fill(UP), END, ...Array<string>(20).fill(UP), HOME];
  for (let round = 0; round < 3; round++) {
    for (const key of sequence) {
      const painted = once(terminal, 'paint');
      const start = performance.now();
      stdin.type(key);
      await painted;
      times.push(performance.now() - start);
      await pause(2);
    }
  }
  return { times: times.sort((a, b) => a - b), rssMb, close: () => (instance.unmount(), store.close()) };
}

async function measure(dataDir: string, root: string): Promise<SizeFigures> {
  const list = await listKeypresses(dataDir);
  list.close();
  const { store } = openDataStore(dataDir, appSecretPolicy);
  const archive = join(root, 'saved.tar');
  const saves = await timeRuns(3, () => saveConfiguration(store, archive, { secretSeed: true, poolKeys: true, replace: true }));
  store.close();
  const target = openDataStore(join(root, 'target'), appSecretPolicy);
  let upload: SizeFigures['upload'];
  try {
    upload = { ms: percentile(await timeRuns(3, async () => uploadConfiguration(target.store, target.paths, openUploadFile(archive), { policy: appSecretPolicy })), 50) };
  } catch (error) {
    upload = { refused: errorMessage(error) };
  }
  target.store.close();
  return { keypressP50: percentile(list.times, 50), keypressP95: percentile(list.times, 95), rssMb: list.rssMb, saveMs: percentile(saves, 50), upload };
}

fillWhenAsked();
if (process.argv[2] === '--measure') {
  const figures = await measure(process.argv[3]!, process.argv[4]!);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  process.exit(0);
}

const root = mkdtempSync(join(tmpdir(), 'nasconsole-bench-scale-'));
try {
  const bySize = new Map<number, SizeFigures>();
  for (const size of SIZES) {
    const dir = join(root, String(size));
    fillInChild(join(dir, 'data'), size);
    // React and Ink pick their production build from NODE_ENV when loaded, as the shipped bundle has it.
    const measured = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--measure', join(dir, 'data'), dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
    if (measured.status !== 0) throw new Error(`measuring ${size} credentials failed`);
    const figures = JSON.parse(measured.stdout.trim().split('\n').at(-1)!) as SizeFigures;
    bySize.set(size, figures);
    const count = size.toLocaleString('en');
    report(`list keypress to next frame, ${count} credentials (p50)`, ms(figures.keypressP50));
    report(`list keypress to next frame, ${count} credentials (p95)`, ms(figures.keypressP95), '< 16 ms');
    report(`RSS with the list of ${count} credentials open`, `${figures.rssMb.toFixed(1)} MB`, '< 200 MB');
    report(`config save, ${count} credentials (median)`, ms(figures.saveMs));
    if ('ms' in figures.upload) {
      report(`config upload of that file, ${count} credentials (median)`, ms(figures.upload.ms));
      report('  upload / save', `${(figures.upload.ms / figures.saveMs).toFixed(2)}x`, '<= 2x');
    } else {
      console.log(`config upload of that file, ${count} credentials: refused: ${figures.upload.refused}`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  const [small, large] = SIZES.map((size) => bySize.get(size)!) as [SizeFigures, SizeFigures];
  const growth = large.saveMs / small.saveMs;
  report(`save growth, ${SIZES[1] / SIZES[0]}x the credentials`, `${growth.toFixed(1)}x`, `~${SIZES[1] / SIZES[0]}x (linear)`);
  if ('ms' in small.upload && 'ms' in large.upload) report(`upload growth, ${SIZES[1] / SIZES[0]}x the credentials`, `${(large.upload.ms / small.upload.ms).toFixed(1)}x`, `~${SIZES[1] / SIZES[0]}x (linear)`);
  else console.log('upload growth: not measured (an upload was refused)');
} finally {
  rmSync(root, { recursive: true, force: true });
}
