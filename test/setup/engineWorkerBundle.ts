// vitest globalSetup: the engine worker (src/engine/offThread/engineWorker.ts) as one file node
// can run in a worker thread, built once per run; setEngineWorker.ts points the runner at it.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    engineWorkerScript: string;
  }
}

export default async function bundleEngineWorker(project: TestProject): Promise<() => void> {
  const dir = fileURLToPath(new URL('../../.tmp/', import.meta.url)); // inside the project: native addons resolve from its node_modules
  mkdirSync(dir, { recursive: true });
  const outfile = `${dir}engineWorker-${process.pid}.mjs`;
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  await build({
    entryPoints: [fileURLToPath(new URL('../../src/engine/offThread/engineWorker.ts', import.meta.url))],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['better-sqlite3', 'ssh2', 'cpu-features'],
    define: { 'process.env.NASCONSOLE_VERSION': JSON.stringify(pkg.version) },
    banner: { js: "import { createRequire as __workerCreateRequire } from 'node:module'; const require = __workerCreateRequire(import.meta.url);" },
    logLevel: 'error',
  });
  project.provide('engineWorkerScript', outfile);
  return () => rmSync(outfile, { force: true });
}
