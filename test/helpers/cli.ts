import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const CLI_PATH = fileURLToPath(new URL('../../dist/nasconsole.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json: () => any;
}

/** Runs the built CLI (npm test builds it first) with no terminal on stdin, as scripts do. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  if (!existsSync(CLI_PATH)) throw new Error('dist/nasconsole.js is missing: run `npm run build` (npm test does it).');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      env: { ...process.env, NASCONSOLE_DATA_DIR: undefined, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** The built CLI on a data dir. */
export function cliIn(dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(['--data-dir', dataDir, ...args], { env });
}

/** A command that must succeed with nothing on stderr; its --json output. */
export async function cliOk(dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<any> {
  const result = await cliIn(dataDir, [...args, '--json'], env);
  expect(result.stderr, result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.json();
}

/** A command that must fail with this exit code, nothing on stdout and one line on stderr; that line. */
export async function cliFails(dataDir: string, args: string[], code: 1 | 2, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await cliIn(dataDir, args, env);
  expect(result.code, result.stderr).toBe(code);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  return result.stderr;
}
