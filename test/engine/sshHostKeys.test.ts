import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { discoverHostKeys, testConnection } from '../../src/engine/ssh/exchanger.js';
import { HostKeyMismatchError, parseRemoteHostKey } from '../../src/engine/ssh/hostKeys.js';
import { generateKeypair, type Keypair } from '../../src/engine/ssh/keys.js';
import { refusal } from '../helpers/refusal.js';
import { closedPort } from '../helpers/servers.js';
import { keyscanLines, useSshd } from '../helpers/sshd.js';

// Host key discovery and connection tests against a real OpenSSH sshd (testing/sshd.ts).

const sshd = useSshd({ user: 'nasctest-hostkeys' });
let keypair: Keypair;

beforeAll(async () => {
  keypair = await generateKeypair({ type: 'rsa', comment: 'hostkeys test' });
  // Authorize the key by hand, as a user would for a manual setup.
  const { uid, gid } = statSync(sshd.homeDir);
  const sshDir = join(sshd.homeDir, '.ssh');
  mkdirSync(sshDir, { mode: 0o700 });
  writeFileSync(join(sshDir, 'authorized_keys'), `${keypair.publicKey}\n`, { mode: 0o600 });
  chownSync(sshDir, uid, gid);
  chownSync(join(sshDir, 'authorized_keys'), uid, gid);
});

function connectionTo(remoteHostKey: string) {
  return { host: sshd.host, port: sshd.port, username: sshd.user, privateKey: keypair.privateKey, remoteHostKey, timeoutMs: 10_000 };
}

describe('discovering host keys', () => {
  test('finds the host keys ssh-keyscan lists, with the fingerprints ssh-keygen -l prints', async () => {
    const keys = await discoverHostKeys({ host: sshd.host, port: sshd.port, timeoutMs: 10_000 });
    const scanned = keyscanLines(sshd);
    expect(scanned).toHaveLength(3);
    expect(keys.map((key) => key.key).sort()).toEqual(scanned);
    expect(keys.map((key) => key.fingerprint).sort()).toEqual([...sshd.hostKeyFingerprints].sort());
    expect(keys.map((key) => key.type)).toEqual(['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ssh-rsa']);
  });

  test('names host and port when nothing listens there', async () => {
    const port = await closedPort();
    const error = await refusal(discoverHostKeys({ host: '127.0.0.1', port, timeoutMs: 5_000 }));
    expect(error.message).toBe(`Cannot connect to 127.0.0.1:${port}: connection refused (is an SSH server running there?)`);
  });

  test('names the host when its name does not resolve', async () => {
    const error = await refusal(discoverHostKeys({ host: 'nasconsole-test.invalid', port: 22, timeoutMs: 10_000 }));
    expect(error.message).toBe('Cannot connect to nasconsole-test.invalid:22: the host name nasconsole-test.invalid does not resolve');
  });
});

describe('testing a connection', () => {
  test('logs in with the key and accepts the stored host keys', async () => {
    const result = await testConnection(connectionTo(sshd.hostKeyLines.join('\n')));
    expect(result.ok).toBe(true);
    expect(sshd.hostKeyFingerprints).toContain(result.fingerprint);
    expect(result.serverSoftware).toMatch(/^OpenSSH_/);
  });

  test('accepts ssh-keyscan output pasted as the stored host key', async () => {
    const pasted = spawnSync('ssh-keyscan', ['-p', String(sshd.port), sshd.host], { encoding: 'utf8' }).stdout;
    expect(parseRemoteHostKey(pasted).map((key) => key.key).sort()).toEqual(keyscanLines(sshd));
    expect((await testConnection(connectionTo(pasted))).ok).toBe(true);
  });

  test('asks for the stored host key type first, so a stored RSA key alone is not taken for a change', async () => {
    const rsaOnly = sshd.hostKeyLines.find((line) => line.startsWith('ssh-rsa '))!;
    const result = await testConnection(connectionTo(rsaOnly));
    expect(result.hostKeyType).toBe('ssh-rsa');
  });

  test('says the key was not accepted when it is not authorized for the user', async () => {
    const stranger = await generateKeypair();
    const error = await refusal(testConnection({ ...connectionTo(sshd.hostKeyLines.join('\n')), privateKey: stranger.privateKey }));
    expect(error.message).toBe(`Authentication failed: 127.0.0.1:${sshd.port} did not accept the key for this user`);
  });

  test('refuses a changed host key loudly with old and new fingerprints, and works once the new key is accepted', async () => {
    const oldLines = [...sshd.hostKeyLines];
    const oldFingerprints = [...sshd.hostKeyFingerprints];
    await sshd.restartWithNewHostKey();

    const error = await refusal(testConnection(connectionTo(oldLines.join('\n'))));
    expect(error).toBeInstanceOf(HostKeyMismatchError);
    const mismatch = error as HostKeyMismatchError;
    expect(mismatch.message).toMatch(/host key of 127\.0\.0\.1:\d+ has CHANGED \(possible man-in-the-middle attack\)/);
    for (const fingerprint of oldFingerprints) expect(mismatch.message).toContain(fingerprint);
    expect(sshd.hostKeyFingerprints).toContain(mismatch.offered.fingerprint);
    expect(mismatch.message).toContain(mismatch.offered.fingerprint);
    expect(sshd.hostKeyLines).toContain(mismatch.offered.key);

    const accepted = await testConnection(connectionTo(mismatch.offered.key));
    expect(accepted.fingerprint).toBe(mismatch.offered.fingerprint);
  });
});
