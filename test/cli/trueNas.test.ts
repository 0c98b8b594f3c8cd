import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { storedKeychain } from '../helpers/dataStores.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { opensshLogin } from '../harness/opensshClient.js';
import { runCliOnTerminal } from '../harness/ptyDialog.js';
import { startSshd, type RunningSshd } from '../../testing/sshd.js';
import { testCertificateAuthority } from '../harness/tlsCertificates.js';
import { useTrueNasApis, type RunningTrueNasApi } from '../harness/trueNasApi.js';

// `connection add --semi-automatic --url` (the TrueNAS flavour) of the built CLI, without a
// terminal, against the test TrueNAS API whose ssh_pair installs the key for a real sshd user.

const USER = 'nasctest-tncli';
const tempDir = useTempDirs();
let sshd: RunningSshd;
const trueNas = useTrueNasApis(() => ({ sshd }));

beforeAll(async () => {
  sshd = await startSshd({ user: USER });
});
afterAll(async () => {
  await sshd?.stop();
});
beforeEach(() => sshd.resetHome());

function addThrough(server: RunningTrueNasApi, dataDir: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(
    ['--data-dir', dataDir, 'connection', 'add', 'nas2', '--semi-automatic', '--url', server.url, '--admin-username', server.adminUsername, '--password-env', 'NAS_PASS', '--username', USER, ...extra],
    { env: { NAS_PASS: server.adminPassword, ...env } },
  );
}

/** One line on stderr, the exit code, nothing on stdout, no password in it. */
function failed(result: CliResult, code: 1 | 2, server?: RunningTrueNasApi): string {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  if (server) expect(result.stderr).not.toContain(server.adminPassword);
  return result.stderr.trim();
}


describe('connection add --semi-automatic --url', () => {
  test('with --tls-fingerprint: stores the URL\'s host and the SSH port and host keys the TrueNAS answered; the key logs in with OpenSSH', async () => {
    const server = await trueNas();
    const dir = tempDir();
    const result = await addThrough(server, dir, ['--tls-fingerprint', server.certificate!.fingerprint, '--connect-timeout', '7', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const added = result.json();
    expect(added).toMatchObject({ name: 'nas2', host: '127.0.0.1', port: sshd.port, username: USER, keypairName: 'nas2-key', connectTimeout: 7 });
    expect(added).toMatchObject({ protocol: 'jsonrpc', tlsFingerprint: server.certificate!.fingerprint, remoteUserChanges: {} });
    expect(added.hostKeys.map((key: { fingerprint: string }) => key.fingerprint).sort()).toEqual([...sshd.hostKeyFingerprints].sort());

    const [keypair, connection] = storedKeychain(dir);
    expect(String(connection!.attributes.remote_host_key).split('\n').sort()).toEqual([...sshd.hostKeyLines].sort());
    expect(opensshLogin(sshd, String(keypair!.attributes.private_key)).loggedIn).toBe(true);
    expect((await runCli(['--data-dir', dir, 'connection', 'test', 'nas2', '--json'])).json()).toMatchObject({ ok: true, name: 'nas2' });
    expect(server.calls.map((call) => call.method)).toEqual(['auth.login_ex', 'keychaincredential.ssh_pair', 'user.query', 'user.update']);
  });

  test('a self-signed certificate without --tls-fingerprint is refused with its fingerprint and the flag; the password never left', async () => {
    const server = await trueNas();
    const dir = tempDir();
    const message = failed(await addThrough(server, dir), 1, server);
    expect(message).toContain(`does not verify (self-signed certificate): CN=truenas.local, O=nasconsole tests`);
    expect(message).toMatch(new RegExp(`fingerprint ${server.certificate!.fingerprint}\\. Trust it only if the TrueNAS shows this fingerprint: then give it with --tls-fingerprint\\.$`));
    expect(server.calls).toEqual([]);
    expect(storedKeychain(dir)).toEqual([]);
  });

  test('a certificate of an authority the system trusts (NODE_EXTRA_CA_CERTS) needs no fingerprint', async () => {
    const authority = testCertificateAuthority();
    try {
      const server = await trueNas({ tls: authority.issue('nas2.test') });
      const caFile = join(tempDir(), 'ca.pem');
      writeFileSync(caFile, authority.cert);
      const result = await addThrough(server, tempDir(), ['--json'], { NODE_EXTRA_CA_CERTS: caFile });
      expect(result.stderr).toBe('');
      expect(result.json()).toMatchObject({ protocol: 'jsonrpc', tlsFingerprint: server.certificate!.fingerprint });
    } finally {
      authority.remove();
    }
  });

  test('plain http and a legacy-only TrueNAS: a warning on stderr, --sudo adds zfs to passwordless sudo, the text says what changed', async () => {
    const server = await trueNas({ tls: false, legacyOnly: true });
    const result = await addThrough(server, tempDir(), ['--sudo']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(`nasconsole: warning: ${server.url} is plain http: the admin password crosses the network in clear (use https:// unless this network is trusted).\n`);
    expect(result.stdout).toContain('The TrueNAS installed the public key (legacy API, plain http).');
    expect(result.stdout).toContain(`Passwordless sudo for ${USER}: /usr/sbin/zfs.`);
    expect(result.stdout).toContain(`Added SSH connection nas2: ${USER}@127.0.0.1:${sshd.port} with keypair nas2-key.`);
    expect(server.system.sudoNopasswd.get(USER)).toEqual(['/usr/sbin/zfs']);
  });

  test('a TOTP admin: --otp-env gives the code; without a code or a terminal the command names the flags; a wrong password stores nothing', async () => {
    const server = await trueNas({ totp: true });
    const trust = ['--tls-fingerprint', server.certificate!.fingerprint];
    const dir = tempDir();
    const code = server.totpCode();
    const ok = await addThrough(server, dir, [...trust, '--otp-env', 'NAS_OTP', '--json'], { NAS_OTP: code });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).not.toContain(code);

    const noCode = failed(await addThrough(server, tempDir(), trust), 2, server);
    expect(noCode).toBe(`nasconsole: The TrueNAS account ${server.adminUsername} uses two-factor authentication: a one-time code is needed: give the code with --otp-file or --otp-env.`);
    const wrong = tempDir();
    expect(failed(await addThrough(server, wrong, trust, { NAS_PASS: 'not-it' }), 1, server)).toBe('nasconsole: Authentication failed: wrong username or password');
    expect(storedKeychain(wrong)).toEqual([]);
  });

  test('on a terminal, the one-time code the TrueNAS asks for is prompted for (never echoed)', async () => {
    const server = await trueNas({ totp: true });
    const dir = tempDir();
    const args = ['--data-dir', dir, 'connection', 'add', 'nas2', '--semi-automatic', '--url', server.url, '--admin-username', server.adminUsername,
      '--password-env', 'NAS_PASS', '--username', USER, '--tls-fingerprint', server.certificate!.fingerprint];
    const code = server.totpCode();
    const run = await runCliOnTerminal(args, [[`One-time code of ${server.adminUsername}`, code]], { NAS_PASS: server.adminPassword });
    expect(run.code, run.transcript).toBe(0);
    expect(run.transcript).not.toContain(code);
    expect(run.transcript).toContain('Added SSH connection nas2');
    expect(server.calls.find((call) => call.method === 'auth.login_ex_continue')?.params).toEqual([{ mechanism: 'OTP_TOKEN', otp_token: code }]);
  });

  test('usage: a URL without a scheme gets the seed\'s advice; --url excludes --host, --port and --manual; --sudo and --tls-fingerprint need --url', async () => {
    const dir = tempDir();
    const add = (args: string[]) => runCli(['--data-dir', dir, 'connection', 'add', 'x', ...args], { env: { NAS_PASS: 'pw' } });
    const semi = ['--semi-automatic', '--admin-username', 'admin', '--password-env', 'NAS_PASS'];
    expect(failed(await add([...semi, '--url', 'nas.example.com']), 2)).toBe(
      'nasconsole: "nas.example.com" has no URL scheme: be sure to use a valid URL scheme for the remote TrueNAS URL, as in https://nas.example.com.',
    );
    expect(failed(await add([...semi, '--url', 'https://nas', '--host', 'nas']), 2)).toContain('Give --url (a TrueNAS, through its web API) or --host');
    expect(failed(await add([...semi, '--url', 'https://nas', '--port', '2222']), 2)).toContain('--port is not for --url');
    expect(failed(await add(['--manual', '--url', 'https://nas', '--keypair', 'k', '--discover-host-key']), 2)).toContain('--url is for --semi-automatic');
    expect(failed(await add([...semi, '--host', 'nas', '--sudo']), 2)).toContain('--sudo and --tls-fingerprint are for --url');
    expect(failed(await add([...semi, '--url', 'https://nas', '--tls-fingerprint', 'SHA256:nope']), 2)).toContain('is not a SHA-256 fingerprint');
    expect(storedKeychain(dir)).toEqual([]);
  });
});
