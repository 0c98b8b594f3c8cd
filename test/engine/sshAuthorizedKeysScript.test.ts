import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { authorizedKeysInstallCommand } from '../../src/engine/ssh/authorizedKeysInstaller.js';
import { generateKeypair, type Keypair } from '../../src/engine/ssh/keys.js';
import { opensshKeyLogin, useSshd } from '../helpers/sshd.js';

// The remote half of the semi-automatic setup when root installs the key for another user.
// The test server only lets its own user log in, so root's part runs here as root, through the
// login shells a remote admin may have; the real sshd then judges the result (StrictModes on).

const sshd = useSshd({ user: 'nasctest-other' });
let keypair: Keypair;

beforeAll(async () => {
  keypair = await generateKeypair({ comment: 'installed by root' });
});

function runAsRoot(loginShell: string, targetUser: string, keyLine: string) {
  return spawnSync(loginShell, ['-c', authorizedKeysInstallCommand(targetUser)], { input: `${keyLine}\n`, encoding: 'utf8' });
}

describe('root installing a key for another user', () => {
  test.each(['/bin/sh', '/bin/bash'])('creates ~/.ssh and authorized_keys owned by that user, once (login shell %s)', (loginShell) => {
    sshd.resetHome();
    const first = runAsRoot(loginShell, sshd.user, keypair.publicKey);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout.trim()).toBe('added');
    const second = runAsRoot(loginShell, sshd.user, keypair.publicKey);
    expect(second.stdout.trim()).toBe('present');

    const home = statSync(sshd.homeDir);
    const sshDir = statSync(join(sshd.homeDir, '.ssh'));
    const file = statSync(join(sshd.homeDir, '.ssh', 'authorized_keys'));
    expect([sshDir.uid, sshDir.gid, sshDir.mode & 0o777]).toEqual([home.uid, home.gid, 0o700]);
    expect([file.uid, file.gid, file.mode & 0o777]).toEqual([home.uid, home.gid, 0o600]);
    expect(readFileSync(join(sshd.homeDir, '.ssh', 'authorized_keys'), 'utf8')).toBe(`${keypair.publicKey}\n`);
    expect(opensshKeyLogin(sshd, { privateKey: keypair.privateKey }).ok).toBe(true);
  });

  test('fails with its "no such user" status for an unknown user and writes nothing', () => {
    const result = runAsRoot('/bin/sh', 'nasctest-nosuchuser', keypair.publicKey);
    expect(result.status).toBe(13);
  });
});
