import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from './nodeBundle.js';

export interface WorkerLine {
  op: string;
  ok?: boolean;
  name?: string;
  error?: string;
  userError?: boolean;
  attributes?: Record<string, unknown>;
  at: number;
}

let bundled: Promise<string> | undefined;

/**
 * test/workers/storeWorker.ts as one file node can run. It is written inside the project
 * (.tmp/, ignored by git) so that its native addons resolve from the project's node_modules.
 */
function workerBundle(): Promise<string> {
  bundled ??= (async () => {
    const dir = fileURLToPath(new URL('../../.tmp/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, `storeWorker-${process.pid}.mjs`);
    await bundleForNode(fileURLToPath(new URL('../workers/storeWorker.ts', import.meta.url)), outfile);
    return outfile;
  })();
  return bundled;
}

/** Runs a store worker in its own process; resolves with its exit code and report lines. */
export async function runStoreWorker(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; lines: WorkerLine[]; stderr: string }> {
  const script = await workerBundle();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, lines: stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as WorkerLine) }));
  });
}
