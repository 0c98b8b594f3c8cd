// vitest globalSetup: the engine worker (src/engine/offThread/engineWorker.ts) as one file node
// can run in a worker thread, built once per run; setEngineWorker.ts points the runner at it.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { bundleForNode } from '../helpers/nodeBundle.js';

declare module 'vitest' {
  export interface ProvidedContext {
    engineWorkerScript: string;
  }
}

export default async function bundleEngineWorker(project: TestProject): Promise<() => void> {
  const dir = fileURLToPath(new URL('../../.tmp/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const outfile = `${dir}engineWorker-${process.pid}.mjs`;
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  await bundleForNode(fileURLToPath(new URL('../../src/engine/offThread/engineWorker.ts', import.meta.url)), outfile, { 'process.env.NASCONSOLE_VERSION': JSON.stringify(pkg.version) });
  project.provide('engineWorkerScript', outfile);
  return () => rmSync(outfile, { force: true });
}
