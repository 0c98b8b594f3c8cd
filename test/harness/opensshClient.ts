/**
 * The real OpenSSH client as a judge: does a key log in, and does a known_hosts file let the
 * connection through with StrictHostKeyChecking=yes. No agent, no config, no password, no
 * prompt (BatchMode).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensshTarget {
  host: string;
  port: number;
  user: string;
}

export interface OpensshOutcome {
  /** The command ran after a key login. */
  loggedIn: boolean;
  /** ssh refused the server's host key ("Host key verification failed", a revoked key...). */
  hostKeyRefused: boolean;
  stderr: string;
}

/**
 * Logs in with `privateKey` and runs `true`. Without `knownHosts` the host key is not checked;
 * with it, only that file is read, strictly, as `ssh -o UserKnownHostsFile=F -o
 * StrictHostKeyChecking=yes` does.
 */
export function opensshLogin(target: OpensshTarget, privateKey: string, knownHosts?: string): OpensshOutcome {
  const dir = mkdtempSync(join(tmpdir(), 'nasconsole-ssh-client-'));
  try {
    const keyFile = join(dir, 'id');
    writeFileSync(keyFile, privateKey, { mode: 0o600 });
    const hostChecking = knownHosts === undefined
      ? ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null']
      : ['-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${writeKnownHosts(dir, knownHosts)}`];
    const result = spawnSync(
      'ssh',
      ['-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'GlobalKnownHostsFile=/dev/null', ...hostChecking, '-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none',
        '-o', 'PreferredAuthentications=publickey', '-i', keyFile, '-p', String(target.port), `${target.user}@${target.host}`, 'true'],
      { encoding: 'utf8', timeout: 20_000 },
    );
    return {
      loggedIn: result.status === 0,
      hostKeyRefused: /Host key verification failed|REVOKED HOST KEY|HOST IDENTIFICATION HAS CHANGED/i.test(result.stderr),
      stderr: result.stderr,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function writeKnownHosts(dir: string, text: string): string {
  const file = join(dir, 'known_hosts');
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}
