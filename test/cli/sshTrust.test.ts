import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { openTestStore } from '../helpers/dataStores.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { opensshLogin } from '../harness/opensshClient.js';
import { runCliOnTerminal } from '../harness/ptyDialog.js';
import { startSshd, type RunningSshd } from '../../testing/sshd.js';

// SSH trust that never guesses, through the built CLI and a real sshd: host keys are confirmed
// before an admin password goes to a server or they are stored; known_hosts text counts only
// for the connection's host and port; `connection known-hosts` prints what ssh accepts.

const USER = 'nasctest-trust';
const tempDir = useTempDirs();
let sshd: RunningSshd;

beforeAll(async () => {
  sshd = await startSshd({ user: USER });
});
afterAll(async () => {
  await sshd?.stop();
});
beforeEach(() => sshd.resetHome());

const env = () => ({ NAS_PASS: sshd.password });
const semiAutomatic = (dir: string, name: string, extra: string[] = []) => [
  '--data-dir', dir, 'connection', 'add', name, '--semi-automatic', '--host', sshd.host, '--port', String(sshd.port),
  '--admin-username', USER, '--password-env', 'NAS_PASS', ...extra,
];
const manual = (dir: string, name: string, extra: string[]) => [
  '--data-dir', dir, 'connection', 'add', name, '--manual', '--host', sshd.host, '--port', String(sshd.port), '--username', USER, ...extra,
];
const fingerprintOf = (type: string) => sshd.hostKeyFingerprints[sshd.hostKeyLines.findIndex((line) => line.startsWith(type))]!;
const keyLine = (type: string) => sshd.hostKeyLines.find((line) => line.startsWith(type))!;

function failed(result: CliResult, code: 1 | 2): string {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toContain(sshd.password);
  return result.stderr.trim();
}

function storedConnections(dir: string) {
  const data = openTestStore(dir);
  try {
    return data.store.keychain.decryptAll().filter((record) => record.type === 'SSH_CREDENTIALS').map(({ name, attributes }) => ({ name, attributes }));
  } finally {
    data.store.close();
  }
}

/** sshd's log lines about login attempts after `from`. */
const loginAttempts = (from: number) => sshd.log().slice(from).split('\n').filter((line) => /(Accepted|Failed|Postponed) (password|keyboard-interactive)/.test(line));

describe('host keys are confirmed before the password leaves', () => {
  test('without a terminal or a decision, the semi-automatic setup shows the fingerprints, names the flags, and logs in nowhere', async () => {
    const dir = tempDir();
    const logFrom = sshd.log().length;
    const message = failed(await runCli(semiAutomatic(dir, 'nas2'), { env: env() }), 2);
    expect(message).toMatch(new RegExp(`^nasconsole: The host keys of 127\\.0\\.0\\.1:${sshd.port} are not confirmed: `));
    for (const fingerprint of sshd.hostKeyFingerprints) expect(message).toContain(fingerprint);
    expect(message).toMatch(/: check the fingerprint, then give it with --host-key-fingerprint or add --accept-new-host-key\.$/);
    expect(loginAttempts(logFrom)).toEqual([]);
    expect(existsSync(join(sshd.homeDir, '.ssh'))).toBe(false);
    expect(storedConnections(dir)).toEqual([]);
  });

  test('--host-key-fingerprint trusts that key alone; a fingerprint the server lacks is refused before any login', async () => {
    const dir = tempDir();
    const result = await runCli([...semiAutomatic(dir, 'nas2', ['--host-key-fingerprint', fingerprintOf('ssh-ed25519')]), '--json'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.json().hostKeys.map((key: { fingerprint: string }) => key.fingerprint)).toEqual([fingerprintOf('ssh-ed25519')]);
    expect(storedConnections(dir)[0]!.attributes.remote_host_key).toBe(keyLine('ssh-ed25519'));

    const logFrom = sshd.log().length;
    const unknown = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';
    expect(failed(await runCli(semiAutomatic(tempDir(), 'nas3', ['--host-key-fingerprint', unknown]), { env: env() }), 1)).toContain(`offers no host key with the fingerprint ${unknown}`);
    expect(loginAttempts(logFrom)).toEqual([]);
  });

  test('manual --discover-host-key without a terminal needs a decision too; --accept-new-host-key stores what the server offers', async () => {
    const dir = tempDir();
    await runCli(['--data-dir', dir, 'keypair', 'generate', 'k']);
    expect(failed(await runCli(manual(dir, 'nas3', ['--keypair', 'k', '--discover-host-key'])), 2)).toContain('are not confirmed');
    expect(storedConnections(dir)).toEqual([]);
    const accepted = await runCli(manual(dir, 'nas3', ['--keypair', 'k', '--discover-host-key', '--accept-new-host-key', '--json']));
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(String(storedConnections(dir)[0]!.attributes.remote_host_key).split('\n').sort()).toEqual([...sshd.hostKeyLines].sort());
    expect(failed(await runCli(manual(dir, 'nas4', ['--keypair', 'k', '--host-key-file', '/dev/null', '--accept-new-host-key'])), 2)).toContain('not for --host-key-file');
  });

  test('on a terminal the fingerprints are shown and asked about: yes goes on, no stores nothing', async () => {
    const refused = tempDir();
    const no = await runCliOnTerminal(semiAutomatic(refused, 'nas2'), [['[y/N]', 'n']], env());
    expect(no.code).toBe(1);
    for (const fingerprint of sshd.hostKeyFingerprints) expect(no.transcript).toContain(fingerprint);
    expect(no.transcript).toContain('were not confirmed: nothing was changed');
    expect(storedConnections(refused)).toEqual([]);

    const dir = tempDir();
    const yes = await runCliOnTerminal(semiAutomatic(dir, 'nas2'), [['[y/N]', 'y']], env());
    expect(yes.code, yes.transcript).toBe(0);
    expect(yes.transcript).toContain('Added SSH connection nas2');
    expect(storedConnections(dir).map((connection) => connection.name)).toEqual(['nas2']);
  });
});

describe('--host-key-file reads known_hosts as ssh does', () => {
  test('a key listed only for another host is not taken; a line for this host and port is', async () => {
    const dir = tempDir();
    await runCli(['--data-dir', dir, 'keypair', 'generate', 'k']);
    const file = join(tempDir(), 'known_hosts');
    writeFileSync(file, sshd.hostKeyLines.map((line) => `otherhost ${line}`).join('\n'));
    expect(failed(await runCli(manual(dir, 'nas3', ['--keypair', 'k', '--host-key-file', file])), 1)).toBe(
      `nasconsole: No host key given is for [127.0.0.1]:${sshd.port}: the lines are for other hosts or ports (as ssh reads known_hosts)`,
    );
    writeFileSync(file, `otherhost ${keyLine('ssh-rsa')}\n[127.0.0.1]:${sshd.port} ${keyLine('ssh-ed25519')}\n@cert-authority *.corp ${keyLine('ecdsa-sha2')}\n`);
    const added = await runCli(manual(dir, 'nas3', ['--keypair', 'k', '--host-key-file', file, '--json']));
    expect(added.code, added.stderr).toBe(0);
    expect(added.json().hostKeys.map((key: { fingerprint: string }) => key.fingerprint)).toEqual([fingerprintOf('ssh-ed25519')]);
  });
});

describe('connection known-hosts', () => {
  test('prints lines the real ssh accepts with StrictHostKeyChecking=yes', async () => {
    const dir = tempDir();
    const added = await runCli(semiAutomatic(dir, 'nas2', ['--accept-new-host-key']), { env: env() });
    expect(added.code, added.stderr).toBe(0);
    const keyFile = join(tempDir(), 'key');
    expect((await runCli(['--data-dir', dir, 'keypair', 'export', 'nas2-key', '--to', keyFile])).code).toBe(0);

    const printed = await runCli(['--data-dir', dir, 'connection', 'known-hosts', 'nas2']);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout.trim().split('\n').sort()).toEqual(sshd.hostKeyLines.map((line) => `[127.0.0.1]:${sshd.port} ${line}`).sort());
    const login = opensshLogin({ host: sshd.host, port: sshd.port, user: USER }, readFileSync(keyFile, 'utf8'), printed.stdout);
    expect(login.loggedIn, login.stderr).toBe(true);

    const all = await runCli(['--data-dir', dir, 'connection', 'known-hosts', '--json']);
    expect(all.json()).toEqual([{ name: 'nas2', lines: printed.stdout.trim().split('\n') }]);
    expect(failed(await runCli(['--data-dir', dir, 'connection', 'known-hosts', 'nope']), 1)).toContain('No SSH connection named "nope"');
  });
});
