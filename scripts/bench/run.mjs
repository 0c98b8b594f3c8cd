// npm run bench: builds each scripts/bench/*.bench.ts with esbuild and runs it in its own
// process, so one benchmark's heap and JIT state do not colour the next. Prints figures;
// nothing here asserts a time.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv[2];
const benches = readdirSync('scripts/bench').filter((name) => name.endsWith('.bench.ts') && (!only || name.includes(only))).sort();
const outdir = '.tmp/bench';
await build({
  entryPoints: benches.map((name) => join('scripts/bench', name)),
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'ssh2', 'cpu-features', 'react-devtools-core', 'conf', 'ink', 'react', 'yoga-layout'],
  define: { 'process.env.NASCONSOLE_VERSION': '"bench"' },
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
});
let failed = false;
for (const name of benches) {
  console.log(`\n== ${name.replace('.bench.ts', '')}`);
  const result = spawnSync(process.execPath, ['--expose-gc', join(outdir, name.replace('.ts', '.mjs'))], { stdio: 'inherit', env: { ...process.env, CI: 'false' } });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
