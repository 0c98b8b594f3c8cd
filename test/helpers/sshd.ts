import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSshd, type RunningSshd, type SshdOptions } from '../../testing/sshd.js';

export type { RunningSshd } from '../../testing/sshd.js';

export interface UseSshdOptions extends SshdOptions {
  /** Remove the test user's ~/.ssh before each test (tests that install keys). */
  freshHomeEachTest?: boolean;
}

/**
 * A real sshd for this test file: started before its tests, stopped after them. The object
 * returned stands for the running server (read it inside tests and hooks, not at load time).
 */
export function useSshd(options: UseSshdOptions = {}): RunningSshd {
  const { freshHomeEachTest = false, ...sshdOptions } = options;
  let running: RunningSshd | undefined;
  beforeAll(async () => {
    running = await startSshd(sshdOptions);
  });
  afterAll(async () => {
    await running?.stop();
  });
  if (freshHomeEachTest) beforeEach(() => running?.resetHome());
  return new Proxy({} as RunningSshd, {
    get(_target, property) {
      if (!running) throw new Error('the test sshd is read before it started: use it inside a test or hook');
      const value = Reflect.get(running, property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(running) : value;
    },
  });
}

/**
 * A login by the real OpenSSH client with the key alone: no agent, no password, no config,
 * batch mode (it cannot answer any prompt). Give the key's text or a key file.
 */
export function opensshKeyLogin(server: RunningSshd, key: { privateKey: string } | { keyFile: string }, user = server.user): { ok: boolean; stderr: string } {
  const scratch = 'privateKey' in key ? mkdtempSync(join(tmpdir(), 'nasconsole-keylogin-')) : undefined;
  try {
    const keyFile = 'keyFile' in key ? key.keyFile : join(scratch!, 'id');
    if ('privateKey' in key) writeFileSync(keyFile, key.privateKey, { mode: 0o600 });
    const result = spawnSync('ssh', [
      '-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'IdentitiesOnly=yes',
      '-o', 'IdentityAgent=none', '-i', keyFile, '-p', String(server.port), `${user}@${server.host}`, 'echo', 'logged-in-by-key',
    ], { encoding: 'utf8', timeout: 20_000 });
    return { ok: result.status === 0 && result.stdout.includes('logged-in-by-key'), stderr: result.stderr };
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/** The server's host keys as `ssh-keyscan` prints them, as sorted `type base64` lines. */
export function keyscanLines(server: RunningSshd, types = 'rsa,ecdsa,ed25519'): string[] {
  const result = spawnSync('ssh-keyscan', ['-p', String(server.port), '-t', types, server.host], { encoding: 'utf8', timeout: 20_000 });
  return result.stdout
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(/\s+/).slice(1, 3).join(' '))
    .sort();
}
