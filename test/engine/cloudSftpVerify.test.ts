import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCloudCredential, exportCloudCredentialsToRclone, verifyCloudCredentialInput, verifySavedCloudCredential } from '../../src/engine/cloud/index.js';
import { generateKeypairRecord } from '../../src/engine/keychain/keypairs.js';
import { authorizedKeysInstallCommand } from '../../src/engine/ssh/authorizedKeysInstaller.js';
import type { VerifyResult } from '../../src/engine/rclone/index.js';
import { openDataStore, type DataStore } from '../../src/engine/dataStore.js';
import { appSecretPolicy } from '../../src/engine/appSecretPolicy.js';
import { useSshd } from '../helpers/sshd.js';
import { useTempDirs } from '../helpers/tempDir.js';

// rclone's sftp backend against a real OpenSSH sshd: password and key logins, as stored.
const USER = 'nasctest-sftp';
const tempDir = useTempDirs();
const sshd = useSshd({ user: USER });

beforeAll(() => {
  writeFileSync(join(sshd.homeDir, 'hello.txt'), 'hello');
});

function openStore(): DataStore {
  return openDataStore(join(tempDir(), 'data'), appSecretPolicy);
}

/** Root puts the key into the test user's ~/.ssh/authorized_keys, as an admin would. */
function authorize(publicKey: string): void {
  sshd.resetHome();
  const result = spawnSync('/bin/sh', ['-c', authorizedKeysInstallCommand(sshd.user)], { input: `${publicKey}\n`, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
}

/** Real rclone on an exported file, asynchronous like the servers' own work. */
function rcloneLsjson(config: string, remote: string): Promise<{ code: number | null; names: string[] }> {
  return new Promise((resolve) => {
    const child = spawn('rclone', ['--config', config, 'lsjson', `${remote}:`], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tempDir() } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (code) => resolve({ code, names: code === 0 ? (JSON.parse(stdout) as Array<{ Name: string }>).map((entry) => entry.Name).filter((name) => !name.startsWith('.')) : [] }));
  });
}

function expectRejected(result: VerifyResult, secrets: string[]): string {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.reason).toBe('rejected');
  expect(result.message).not.toMatch(/\n|Failed to create file system|\d{4}\/\d{2}\/\d{2}/);
  for (const secret of secrets) {
    expect(result.message).not.toContain(secret);
    expect(result.details).not.toContain(secret);
  }
  return result.message;
}

describe('SFTP credentials verified against a real sshd', () => {
  it('accepts the right password and records the check; a wrong password is invalid with a clean message', async () => {
    const { store } = openStore();
    const base = { host: sshd.host, port: sshd.port, user: sshd.user };
    await addCloudCredential(store, { name: 'sftp-pass', provider: 'SFTP', attributes: { ...base, pass: sshd.password } });
    await addCloudCredential(store, { name: 'sftp-wrong', provider: 'SFTP', attributes: { ...base, pass: 'not-the-password-42' } });

    const good = await verifySavedCloudCredential(store, 'sftp-pass');
    expect(good.result).toEqual({ ok: true });
    expect(store.cloudCredentials.get('sftp-pass').lastCheck).toMatchObject({ ok: true, message: null });

    const bad = await verifySavedCloudCredential(store, 'sftp-wrong');
    const message = expectRejected(bad.result, ['not-the-password-42']);
    expect(message).toMatch(/unable to authenticate|permission denied|no supported methods remain/i);
    expect(store.cloudCredentials.get('sftp-wrong').lastCheck).toMatchObject({ ok: false, message });
    store.close();
  });

  it('logs in with a keypair from the store; a keypair the server does not know is invalid', async () => {
    const { store } = openStore();
    const authorized = await generateKeypairRecord(store, 'authorized-key');
    const stranger = await generateKeypairRecord(store, 'stranger-key');
    authorize(authorized.publicKey);
    const base = { host: sshd.host, port: sshd.port, user: sshd.user };
    await addCloudCredential(store, { name: 'sftp-key', provider: 'SFTP', attributes: { ...base, private_key: authorized.id } });
    // By name, as an attributes file may give it.
    await addCloudCredential(store, { name: 'sftp-stranger', provider: 'SFTP', attributes: { ...base, private_key: 'stranger-key' } });
    expect(store.cloudCredentials.get('sftp-stranger').attributes.private_key).toBe(stranger.id);

    expect((await verifySavedCloudCredential(store, 'sftp-key')).result).toEqual({ ok: true });
    const bad = await verifySavedCloudCredential(store, 'sftp-stranger');
    expectRejected(bad.result, []);
    expect(store.cloudCredentials.get('sftp-key').lastCheck?.ok).toBe(true);
    expect(store.cloudCredentials.get('sftp-stranger').lastCheck?.ok).toBe(false);

    // Exported, the key goes inline (key_pem) and rclone logs in with the file as it is.
    const conf = join(tempDir(), 'rclone.conf');
    exportCloudCredentialsToRclone(store, { names: ['sftp-key'], to: conf });
    expect(await rcloneLsjson(conf, 'sftp-key')).toEqual({ code: 0, names: ['hello.txt'] });
    store.close();
  });

  it('verifies unsaved attributes before saving, and says a keypair to be generated cannot be verified yet', async () => {
    const { store } = openStore();
    const attributes = { host: sshd.host, port: String(sshd.port), user: sshd.user, pass: sshd.password };
    expect(await verifyCloudCredentialInput(store, { name: 'new', provider: 'SFTP', attributes })).toEqual({ ok: true });
    const generated = await verifyCloudCredentialInput(store, { name: 'new', provider: 'SFTP', attributes: { host: sshd.host, user: sshd.user }, generateKeypair: true });
    expect(generated).toMatchObject({ ok: false, reason: 'invalid-attributes' });
    expect(store.cloudCredentials.count()).toBe(0);
    store.close();
  });
});
