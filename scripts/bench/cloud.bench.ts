// The Cloud Credentials screen holding 10,000 credentials, drawn the way runConsole draws it
// (Ink in debug mode into FullScreenOutput, which paints only changed cells): keypress to
// next frame, RSS, bytes written to the terminal per keypress, for the first frame and for a
// screen switch.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudCredentials } from '../../src/screens/cloudCredentials/CloudCredentials.js';
import { SshKeypairs } from '../../src/screens/sshKeypairs/SshKeypairs.js';
import { benchServices, KEY, mountConsole, quiet } from './benchConsole.js';
import { fillInChild, fillWhenAsked } from './credentialStore.js';
import { floorOf, ms, percentile, report } from './figures.js';

const COUNT = 10_000;
const SCREENS = [{ id: 'cloud-credentials', title: 'Cloud Credentials', component: CloudCredentials }, { id: 'ssh-keypairs', title: 'SSH Keypairs', component: SshKeypairs }];

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

fillWhenAsked();
// The shipped console bundles React built for production (scripts/build.mjs); React and Ink are
// external here and pick their build from NODE_ENV when loaded, so measure in a process that has it.
if (process.env.NODE_ENV !== 'production') {
  const measured = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  process.exit(measured.status ?? 1);
}

const root = mkdtempSync(join(tmpdir(), 'nasconsole-bench-cloud-'));
try {
  fillInChild(join(root, 'data'), COUNT);
  const services = benchServices(join(root, 'data'));

  for (const theme of [{ ascii: false, color: true }, { ascii: true, color: false }]) {
    const variant = theme.color ? 'UTF-8, colour' : 'ASCII, no colour';
    globalThis.gc?.();
    const ui = await mountConsole(services, { theme, screens: SCREENS });
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
      for (const sequence of [...Array<string>(18).fill(KEY.down), ...Array<string>(18).fill(KEY.up)]) {
        const result = await ui.key(sequence);
        times.push(result.ms);
        moves.add(result);
      }
    }
    for (let i = 0; i < 18; i++) await ui.key(KEY.down);
    for (let i = 0; i < 100; i++) {
      const result = await ui.key(KEY.down);
      times.push(result.ms);
      scrolls.add(result);
    }
    for (let i = 0; i < 118; i++) await ui.key(KEY.up);
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
