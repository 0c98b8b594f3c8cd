// Time to the console's first frame on a real pty, beside a bare `node -e ''`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ms, percentile, report } from './figures.js';

const script = join('scripts', 'bench', 'first-frame.py');
const runs = 9;
const time = (marker: string, command: string[]) =>
  execFileSync('python3', [script, marker, String(runs), '--', ...command], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map(Number)
    .sort((a, b) => a - b);

const dir = mkdtempSync(join(tmpdir(), 'nasconsole-bench-start-'));
try {
  const bare = percentile(time('-', [process.execPath, '-e', '']), 50);
  const env = ['env', `NASCONSOLE_CONFIG_DIR=${join(dir, 'conf')}`, 'TERM=xterm-256color', 'COLUMNS=80', 'LINES=24'];
  const console_ = percentile(time('Recent changes', [...env, process.execPath, 'dist/nasconsole.js', '--data-dir', join(dir, 'data')]), 50);
  report("bare `node -e ''` (median)", ms(bare));
  report('console: exec to first frame (median)', ms(console_));
  report('ratio', `${(console_ / bare).toFixed(1)}x`, 'at most 2.5x');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
