import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { UserError } from '../../src/common/errors.js';
import { formatRemoteHostKey, testConnection } from '../../src/engine/ssh/index.js';
import { generateKeypair, type Keypair } from '../../src/engine/ssh/keys.js';
import { hostKeysForTarget, knownHostsLines } from '../../src/engine/ssh/knownHosts.js';
import { opensshLogin } from '../harness/opensshClient.js';
import { startSshd, type RunningSshd } from '../../testing/sshd.js';

// Host keys from known_hosts text are the ones OpenSSH would use: for each file, our verdict
// (the keys for 127.0.0.1 on the sshd's port, then a key login checking them) is the real ssh
// client's with -o UserKnownHostsFile=F -o StrictHostKeyChecking=yes.

const USER = 'nasctest-knownh';
let sshd: RunningSshd;
let keypair: Keypair;
/** A host key no server here has. */
let stranger: string;
let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'nasconsole-known-hosts-'));
  [sshd, keypair] = await Promise.all([startSshd({ user: USER }), generateKeypair()]);
  stranger = (await generateKeypair()).publicKey;
  const sshDir = join(sshd.homeDir, '.ssh');
  const { uid, gid } = statSync(sshd.homeDir);
  mkdirSync(sshDir, { mode: 0o700 });
  writeFileSync(join(sshDir, 'authorized_keys'), `${keypair.publicKey}\n`, { mode: 0o600 });
  for (const path of [sshDir, join(sshDir, 'authorized_keys')]) chownSync(path, uid, gid);
});
afterAll(async () => {
  await sshd?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const keyLine = (type: string) => sshd.hostKeyLines.find((line) => line.startsWith(type))!;
const target = () => ({ host: sshd.host, port: sshd.port });

/** Our verdict: the keys that apply, then a key login that checks the server's key against them. */
async function ours(text: string): Promise<boolean | string> {
  try {
    const keys = hostKeysForTarget(text, target());
    await testConnection({ ...target(), username: USER, privateKey: keypair.privateKey, remoteHostKey: formatRemoteHostKey(keys), timeoutMs: 10_000 });
    return true;
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
}

function openssh(text: string): boolean {
  const outcome = opensshLogin({ ...target(), user: USER }, keypair.privateKey, text);
  if (!outcome.loggedIn) expect(outcome.hostKeyRefused, outcome.stderr).toBe(true);
  return outcome.loggedIn;
}

/** `ssh-keygen -H`: the file with its host names hashed. */
function hashed(text: string): string {
  const file = join(scratch, `hash-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, text);
  spawnSync('ssh-keygen', ['-q', '-H', '-f', file]);
  return readFileSync(file, 'utf8');
}

describe('known_hosts lines, as OpenSSH reads them', () => {
  test.each([
    ['the host and port', () => `[127.0.0.1]:${sshd.port} ${keyLine('ssh-ed25519')}\n`, true],
    ['the host without the port, nothing listed for [host]:port', () => `127.0.0.1 ${keyLine('ssh-ed25519')}\n`, true],
    ['the host without the port, another key listed for [host]:port', () => `127.0.0.1 ${keyLine('ssh-ed25519')}\n[127.0.0.1]:${sshd.port} ${stranger}\n`, false],
    ['only other hosts, the server\'s keys among them', () => `otherhost ${keyLine('ssh-ed25519')}\n[127.0.0.2]:${sshd.port} ${keyLine('ssh-rsa')}\n`, false],
    ['a wildcard pattern', () => `[127.0.0.?]:* ${keyLine('ecdsa-sha2-nistp256')}\n`, true],
    ['a pattern list with our name in it', () => `nas.lan,[127.0.0.1]:${sshd.port},10.0.0.1 ${keyLine('ssh-rsa')}\n`, true],
    ['a negated pattern that matches', () => `[127.0.0.*]:${sshd.port},![127.0.0.1]:${sshd.port} ${keyLine('ssh-ed25519')}\n`, false],
    ['hashed host names (ssh-keygen -H)', () => hashed(`[127.0.0.1]:${sshd.port} ${keyLine('ssh-ed25519')}\n`), true],
    ['a hashed name for another port', () => hashed(`[127.0.0.1]:${sshd.port + 1} ${keyLine('ssh-ed25519')}\n`), false],
    ['a key that is also @revoked', () => `[127.0.0.1]:${sshd.port} ${keyLine('ssh-ed25519')}\n@revoked [127.0.0.1]:${sshd.port} ${keyLine('ssh-ed25519')}\n`, false],
  ])('%s: we and ssh agree', async (_name, file, expected) => {
    const text = file();
    expect(openssh(text)).toBe(expected);
    const verdict = await ours(text);
    expect(verdict === true).toBe(expected);
  });

  test('a key listed for another host is not trusted for this one, even beside a line for this host', async () => {
    const text = `otherhost ${keyLine('ssh-ed25519')}\n[127.0.0.1]:${sshd.port} ${stranger}\n`;
    expect(openssh(text)).toBe(false);
    expect(await ours(text)).toMatch(/has CHANGED/);
  });

  test('a @cert-authority line for the host is refused with a line naming the marker', async () => {
    const text = `@cert-authority [127.0.0.1]:${sshd.port} ${keyLine('ssh-ed25519')}\n`;
    expect(openssh(text)).toBe(false);
    expect(await ours(text)).toBe(`Line 1 is a @cert-authority line for [127.0.0.1]:${sshd.port}: host certificates are not supported, give the host's own keys`);
  });

  test('what we print as known_hosts lines, ssh accepts', () => {
    const lines = knownHostsLines(target(), hostKeysForTarget(sshd.hostKeyLines.join('\n'), target()));
    expect(lines[0]).toBe(`[127.0.0.1]:${sshd.port} ${sshd.hostKeyLines[0]}`);
    expect(openssh(`${lines.join('\n')}\n`)).toBe(true);
    expect(knownHostsLines({ host: 'NAS.lan', port: 22 }, [])).toEqual([]);
    expect(knownHostsLines({ host: 'NAS.lan', port: 22 }, hostKeysForTarget(keyLine('ssh-ed25519'), { host: 'x', port: 22 }))).toEqual([`nas.lan ${keyLine('ssh-ed25519')}`]);
  });
});
