import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openTestStore } from '../helpers/dataStores.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { opensshKeyLogin, useSshd } from '../helpers/sshd.js';

// `connection add --semi-automatic` of the built CLI, without a terminal, against a real OpenSSH
// sshd that asks for the password and a one-time code (pam_oath; see testing/sshd.ts).

const USER = 'nasctest-otpcli';
const tempDir = useTempDirs();
const sshd = useSshd({ user: USER, otp: true, freshHomeEachTest: true });

function cli(dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(['--data-dir', dataDir, ...args], { env });
}

/** A command that must fail with one line on stderr, the given exit code, and no secret in it. */
async function fails(dataDir: string, args: string[], code: 1 | 2, env: NodeJS.ProcessEnv, secrets: string[] = []): Promise<string> {
  const result = await cli(dataDir, args, env);
  expect(result.code, result.stderr).toBe(code);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  for (const secret of [sshd.password, ...secrets]) expect(result.stderr).not.toContain(secret);
  return result.stderr;
}

function storedNames(dataDir: string): string[] {
  const data = openTestStore(dataDir);
  try {
    return data.store.keychain.decryptAll().map(({ name }) => name);
  } finally {
    data.store.close();
  }
}

const semiAutomatic = (name: string, extra: string[] = []) => [
  'connection', 'add', name, '--semi-automatic', '--host', sshd.host, '--port', String(sshd.port), '--admin-username', sshd.user, '--password-env', 'NAS_ADMIN_PASS',
  '--accept-new-host-key', ...extra,
];
const nothingInstalled = () => !existsSync(join(sshd.homeDir, '.ssh'));

describe('connection add --semi-automatic with a one-time code', () => {
  test('--otp-env answers the code prompt; the exported key then logs in with the OpenSSH client in batch mode', async () => {
    const dir = tempDir();
    const code = sshd.nextOtpCode();
    const result = await cli(dir, [...semiAutomatic('nas2', ['--otp-env', 'NAS_OTP']), '--json'], { NAS_ADMIN_PASS: sshd.password, NAS_OTP: code });
    expect(result.stderr, result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ name: 'nas2', username: sshd.user, keypairName: 'nas2-key', keyAdded: true });
    expect(result.stdout).not.toContain(code);

    const keyFile = join(tempDir(), 'nas2-key');
    expect((await cli(dir, ['keypair', 'export', 'nas2-key', '--to', keyFile])).code).toBe(0);
    expect(opensshKeyLogin(sshd, { keyFile }).ok).toBe(true);
    const tested = await cli(dir, ['connection', 'test', 'nas2', '--json']);
    expect(tested.json()).toMatchObject({ ok: true, name: 'nas2' });
  });

  test('--otp-file with a wrong code fails clearly and stores and installs nothing', async () => {
    const dir = tempDir();
    const wrong = sshd.wrongOtpCode();
    const otpFile = join(tempDir(), 'otp');
    writeFileSync(otpFile, `${wrong}\n`, { mode: 0o600 });
    const message = await fails(dir, semiAutomatic('nas2', ['--otp-file', otpFile]), 1, { NAS_ADMIN_PASS: sshd.password }, [wrong]);
    expect(message.trim()).toBe('nasconsole: Authentication failed: wrong username, password or one-time code');
    expect(storedNames(dir)).toEqual([]);
    expect(nothingInstalled()).toBe(true);
  });

  test('without a code and without a terminal it names the prompt and the options to give the code with', async () => {
    const dir = tempDir();
    const message = await fails(dir, semiAutomatic('nas2'), 2, { NAS_ADMIN_PASS: sshd.password });
    expect(message).toContain(`The server asks "One-time password (OATH) for \`${USER}'" at login: give it with --otp-file or --otp-env`);
    expect(storedNames(dir)).toEqual([]);
    expect(nothingInstalled()).toBe(true);
  });

  test('the code never comes from argv, is refused empty, and is only for --semi-automatic', async () => {
    const dir = tempDir();
    const env = { NAS_ADMIN_PASS: sshd.password, NAS_OTP: '' };
    expect(await fails(dir, [...semiAutomatic('nas2'), '--otp', '123456'], 2, env)).toMatch(/unknown option '--otp'/);
    expect(await fails(dir, semiAutomatic('nas2', ['--otp-env', 'NAS_OTP']), 2, env)).toMatch(/The one-time code from --otp-file or --otp-env is empty/);
    const manual = ['connection', 'add', 'nas3', '--manual', '--host', sshd.host, '--generate-keypair', '--discover-host-key', '--otp-env', 'NAS_OTP'];
    expect(await fails(dir, manual, 2, env)).toMatch(/--otp-\* are for --semi-automatic/);
    expect(storedNames(dir)).toEqual([]);
  });
});
