// The Cloud Credentials screen holding 10,000 credentials, drawn the way runConsole draws it
// (Ink in debug mode into FullScreenOutput, which paints only changed cells): keypress to
// next frame, RSS, bytes written to the terminal per keypress, for the first frame and for a
// screen switch.
import { spawnSync } from 'node:child_process';
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
import { SshKeypairs } from '../../src/screens/sshKeypairs/SshKeypairs.js';
import { createAppServices, type AppServices } from '../../src/screens/services.js';
import { createTheme } from '../../src/widgets/theme.js';
import { floorOf, ms, percentile, report } from './figures.js';
import { paintFloor } from './terminalFloor.js';
import { FakeStdin, FakeStdout } from '../../testing/fakeTerminal.js'; // the terminal the tests use

const COUNT = 10_000;

/** Bytes written per keypress, beside what the terminal strictly needed for each. */
class Sample {
  private readonly bytes: number[] = [];
  private readonly floors: number[] = [];
  add(result: { bytes: number; floor: number }): void {
    this.bytes.push(result.bytes);
    this.floors.push(result.floor);
  }
  report(name: string, goal?: string): void {
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const [bytes, floors] = [sorted(this.bytes), sorted(this.floors)];
    const bytesOf = (n: number) => `${n} B`;
    const median = percentile(bytes, 50);
    report(`${name}, median)`, bytesOf(median), { floor: floorOf(median, Math.max(1, percentile(floors, 50)), bytesOf, 'what the terminal needs'), ...(goal ? { goal } : {}) });
    report(`${name}, max)`, bytesOf(bytes.at(-1)!), { floor: floorOf(bytes.at(-1)!, Math.max(1, floors.at(-1)!), bytesOf, 'what the terminal needs') });
  }
}
const DOWN = '\u001B[B';
const UP = '\u001B[A';

/**
 * The terminal the tests measure bytes with (testing/fakeTerminal.ts), also counting them as
 * they come and resolving `nextWrite` on the next paint.
 */
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

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
async function quiet(terminal: BenchTerminal): Promise<void> {
  for (let still = 0; still < 5; ) {
    const before = terminal.bytes;
    await tick();
    await new Promise((resolve) => setTimeout(resolve, 2));
    still = terminal.bytes === before ? still + 1 : 0;
  }
}

function servicesFor(dir: string): AppServices & { close(): void } {
  const data = openDataStore(dir, appSecretPolicy);
  const services = createAppServices({ paths: data.paths, store: data.store, preferences: { get: () => undefined, set: () => undefined }, secretPolicy: appSecretPolicy });
  return Object.assign(services, { close: () => data.store.close() });
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

async function mount(services: AppServices, theme: { ascii: boolean; color: boolean }) {
  const stdin = new FakeStdin();
  const terminal = new BenchTerminal();
  const screen = new RecordingOutput(terminal);
  const instance = render(
    // createElement: the runner picks up .bench.ts files, which cannot hold JSX.
    React.createElement(App, { services, theme: createTheme(theme), screens: [{ id: 'cloud-credentials', title: 'Cloud Credentials', component: CloudCredentials }, { id: 'ssh-keypairs', title: 'SSH Keypairs', component: SshKeypairs }], escapeDelayMs: 20, onQuit: () => undefined }),
    { stdout: screen as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, debug: true, exitOnCtrlC: false, patchConsole: false },
  );
  await quiet(terminal);
  /**
   * Sends a key; resolves with the time to the next paint, the bytes it and what followed wrote,
   * and the floor: the bytes a terminal strictly needs for that change of picture.
   */
  const key = async (sequence: string): Promise<{ ms: number; bytes: number; floor: number }> => {
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

/** Fills a data dir with COUNT credentials; run in a child process, so the figures below are those of a console opening it. */
function fill(dir: string): void {
  const { store } = openDataStore(dir, appSecretPolicy);
  store.db.transaction(() => {
    for (let i = 0; i < COUNT; i++) {
      store.cloudCredentials.create(`credential-${String(i).padStart(5, '0')}`, ['S3', 'FTP', 'SFTP', 'WEBDAV'][i % 4]!, {
        host: 'backup.example.com', user: 'nas', pass: `secret-${i}`, access_key_id: `AKIA${i}`,
      });
      if (i % 3 === 0) store.cloudCredentials.recordCheck(i + 1, i % 2 === 0, i % 2 === 0 ? null : '530 Invalid username or password');
    }
  })();
  store.close();
}

if (process.argv[2] === '--fill') {
  fill(process.argv[3]!);
  process.exit(0);
}
// The shipped console bundles React built for production (scripts/build.mjs); React and Ink are
// external here and pick their build from NODE_ENV when loaded, so measure in a process that has it.
if (process.env.NODE_ENV !== 'production') {
  const measured = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  process.exit(measured.status ?? 1);
}

const root = mkdtempSync(join(tmpdir(), 'nasconsole-bench-cloud-'));
try {
  const filled = spawnSync(process.execPath, [process.argv[1]!, '--fill', join(root, 'data')], { stdio: 'inherit' });
  if (filled.status !== 0) throw new Error('filling the store failed');
  const services = servicesFor(join(root, 'data'));

  for (const theme of [{ ascii: false, color: true }, { ascii: true, color: false }]) {
    const variant = theme.color ? 'UTF-8, colour' : 'ASCII, no colour';
    globalThis.gc?.();
    const ui = await mount(services, theme);
    // The whole first frame, and switching to another screen and back: cells that were blank
    // and stay blank cost nothing, nor do trailing spaces.
    report(`bytes of the first full frame at 80x24 (${variant})`, `${ui.terminal.bytes} B`, '< 1,920 B (the cell count)');
    const switches = [await ui.key('2'), await ui.key('1')].map((result) => result.bytes);
    report(`bytes of a screen switch, largest of there and back (${variant})`, `${Math.max(...switches)} B`, '< 1,920 B (the cell count)');
    if (theme.color) {
      globalThis.gc?.();
      await quiet(ui.terminal);
      report(`RSS with ${COUNT.toLocaleString('en')} credentials in the screen`, `${(process.memoryUsage().rss / 1024 / 1024).toFixed(1)} MB`, '< 120 MB');
    }

    // The window shows rows 0-18: moving inside it repaints two rows; past its edge every row moves.
    const times: number[] = [];
    const moves = new Sample();
    const scrolls = new Sample();
    for (let round = 0; round < 8; round++) {
      for (const sequence of [...Array<string>(18).fill(DOWN), ...Array<string>(18).fill(UP)]) {
        const result = await ui.key(sequence);
        times.push(result.ms);
        moves.add(result);
      }
    }
    for (let i = 0; i < 18; i++) await ui.key(DOWN);
    for (let i = 0; i < 100; i++) {
      const result = await ui.key(DOWN);
      times.push(result.ms);
      scrolls.add(result);
    }
    for (let i = 0; i < 118; i++) await ui.key(UP);
    times.sort((a, b) => a - b);
    if (theme.color) {
      report(`keypress to next frame, list of ${COUNT.toLocaleString('en')} (p50)`, ms(percentile(times, 50)));
      report(`keypress to next frame, list of ${COUNT.toLocaleString('en')} (p95)`, ms(percentile(times, 95)), '< 16 ms');
    }
    moves.report(`bytes per keypress, moving the selection (${variant}`, '<= 64 B');
    scrolls.report(`bytes per keypress, scrolling the list by a row (${variant}`, '<= 100 B');

    // Typing into a form field: "a", Enter on the first provider, then the name.
    await ui.key('a');
    await ui.key('\r');
    const typing = new Sample();
    for (const char of 'offsite-backup-s3') typing.add(await ui.key(char));
    typing.report(`bytes per keypress, typing into a form field (${variant}`, '<= 30 B');
    ui.unmount();
  }
  services.close();
} finally {
  rmSync(root, { recursive: true, force: true });
}
process.exit(0);
