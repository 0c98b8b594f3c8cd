// The console at 10,000 and 100,000 cloud credentials: a keypress in the Cloud Credentials list
// and in its `/` filter (to the next paint, drawn as runConsole draws it), and RSS with that
// list open. Each size is measured in a process of its own, opening a store filled by another.
// Save and upload at both sizes, with their growth, are archive.bench.ts's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudCredentials } from '../../src/screens/cloudCredentials/CloudCredentials.js';
import { benchServices, KEY, mountConsole } from './benchConsole.js';
import { fillInChild, fillWhenAsked } from './credentialStore.js';
import { ms, percentile, report } from './figures.js';

const SIZES = [10_000, 100_000] as const;

interface SizeFigures {
  keypressP50: number;
  keypressP95: number;
  filterP50: number;
  filterP95: number;
  rssMb: number;
}

const pause = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));

/** The list screen over `dataDir`; each key is timed from its bytes arriving to the next paint. */
async function listKeypresses(dataDir: string): Promise<{ times: number[]; filterTimes: number[]; rssMb: number; close(): void }> {
  const services = benchServices(dataDir);
  const ui = await mountConsole(services, { theme: { ascii: false, color: true }, screens: [{ id: 'cloud-credentials', title: 'Cloud Credentials', component: CloudCredentials }] });
  await pause(500);
  globalThis.gc?.();
  await pause(50);
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  const timeKeys = async (keys: readonly string[], into: number[]) => {
    for (const key of keys) into.push((await ui.key(key)).ms);
  };
  const times: number[] = [];
  // Moves inside the window, scrolls past its edge, pages, and moves at the far end of the list.
  const sequence = [...Array<string>(30).fill(KEY.down), ...Array<string>(10).fill(KEY.pageDown), ...Array<string>(30).fill(KEY.up), KEY.end, ...Array<string>(20).fill(KEY.up), KEY.home];
  for (let round = 0; round < 3; round++) await timeKeys(sequence, times);
  // The filter: `/`, a name typed a character at a time (each narrows all the rows), then erased.
  const filterTimes: number[] = [];
  const typed = [...'credential-0999'];
  for (let round = 0; round < 3; round++) {
    await timeKeys(['/', ...typed, ...typed.map(() => KEY.backspace)], filterTimes);
    await timeKeys([KEY.escape], []);
    await pause(50); // Esc alone is told from an escape sequence by a pause
  }
  return { times: times.sort((a, b) => a - b), filterTimes: filterTimes.sort((a, b) => a - b), rssMb, close: () => (ui.unmount(), services.close()) };
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
