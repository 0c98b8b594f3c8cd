import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { semiAutomaticSetup } from '../../src/engine/ssh/exchanger.js';
import { HostKeysUnconfirmedError, type HostKeyConfirmRequest } from '../../src/engine/ssh/hostKeyTrust.js';
import { generateKeypair, type Keypair } from '../../src/engine/ssh/keys.js';
import { answerLoginPrompts } from '../../src/engine/ssh/sshSession.js';
import { startBlackHole } from '../../testing/servers.js';
import { startSshd } from '../../testing/sshd.js';
import { refusal as userRefusal } from '../helpers/refusal.js';
import { closedPort } from '../helpers/servers.js';
import { opensshKeyLogin, useSshd } from '../helpers/sshd.js';

// Semi-automatic setup against a real OpenSSH sshd (see testing/sshd.ts).

const USER = 'nasctest-setup';
const sshd = useSshd({ user: USER, freshHomeEachTest: true });
let keypair: Keypair;

beforeAll(async () => {
  keypair = await generateKeypair({ comment: 'nasconsole test' });
});

function setupWith(overrides: Partial<Parameters<typeof semiAutomaticSetup>[0]> = {}) {
  return semiAutomaticSetup({
    host: sshd.host,
    port: sshd.port,
    adminUsername: sshd.user,
    password: sshd.password,
    privateKey: keypair.privateKey,
    publicKey: keypair.publicKey,
    timeoutMs: 10_000,
    hostKeyTrust: { acceptNew: true },
    ...overrides,
  });
}

function authorizedKeys(): string {
  return readFileSync(join(sshd.homeDir, '.ssh', 'authorized_keys'), 'utf8');
}

/** Refused with one line that never holds the password. */
const refusal = (promise: Promise<unknown>) => userRefusal(promise, [sshd.password]);

describe('semi-automatic setup', () => {
  test('installs the key so that the OpenSSH client then logs in with the key alone', async () => {
    expect(opensshKeyLogin(sshd, keypair).ok).toBe(false);

    const result = await setupWith();

    expect(result.keyAdded).toBe(true);
    expect(result.remoteHostKey.split('\n').sort()).toEqual([...sshd.hostKeyLines].sort());
    expect(sshd.hostKeyFingerprints).toContain(result.fingerprint);
    const login = opensshKeyLogin(sshd, keypair);
    expect(login.ok, login.stderr).toBe(true);

    const sshDir = statSync(join(sshd.homeDir, '.ssh'));
    const file = statSync(join(sshd.homeDir, '.ssh', 'authorized_keys'));
    expect(sshDir.mode & 0o777).toBe(0o700);
    expect(file.mode & 0o777).toBe(0o600);
    expect([sshDir.uid, file.uid]).toEqual([statSync(sshd.homeDir).uid, statSync(sshd.homeDir).uid]);
    expect(authorizedKeys()).toBe(`${keypair.publicKey}\n`);
  });

  test('running the setup twice leaves a single authorized_keys line', async () => {
    await setupWith();
    const again = await setupWith();
    expect(again.keyAdded).toBe(false);
    const blob = keypair.publicKey.split(' ')[1]!;
    expect(authorizedKeys().split('\n').filter((line) => line.includes(blob))).toHaveLength(1);
  });

  test('keeps an existing authorized_keys, even one whose last line has no newline', async () => {
    const other = await generateKeypair({ comment: 'someone else' });
    const sshDir = join(sshd.homeDir, '.ssh');
    const { uid, gid } = statSync(sshd.homeDir);
    mkdirSync(sshDir, { mode: 0o700 });
    chownSync(sshDir, uid, gid);
    const existing = `# keys of ${USER}\n${other.publicKey}`;
    writeFileSync(join(sshDir, 'authorized_keys'), existing, { mode: 0o600 });
    chownSync(join(sshDir, 'authorized_keys'), uid, gid);

    await setupWith();

    expect(authorizedKeys()).toBe(`${existing}\n${keypair.publicKey}\n`);
    expect(opensshKeyLogin(sshd, other).ok).toBe(true);
    expect(opensshKeyLogin(sshd, keypair).ok).toBe(true);
  });

  test('refuses a wrong password with a clear message', async () => {
    const error = await refusal(setupWith({ password: `${sshd.password}x` }));
    expect(error.message).toBe('Authentication failed: wrong username or password');
    expect(existsSync(join(sshd.homeDir, '.ssh'))).toBe(false);
  });

  test('says so when the home directory is missing', async () => {
    const away = `${sshd.homeDir}.away`;
    rmSync(away, { recursive: true, force: true });
    renameSync(sshd.homeDir, away);
    try {
      const error = await refusal(setupWith());
      expect(error.message).toBe(`The home directory of ${USER} on 127.0.0.1:${sshd.port} does not exist`);
    } finally {
      renameSync(away, sshd.homeDir);
    }
  });

  test('says so when the home directory is not writable', async () => {
    chmodSync(sshd.homeDir, 0o555);
    const error = await refusal(setupWith());
    expect(error.message).toBe(`Cannot create ~/.ssh for ${USER} on 127.0.0.1:${sshd.port}: the home directory is not writable`);
  });

  test('refuses to install for another user when the admin is not root', async () => {
    const error = await refusal(setupWith({ username: 'nobody' }));
    expect(error.message).toBe(`Installing the key for nobody needs the admin user to be root, and ${USER} is not`);
  });

  test('refuses a public key that does not belong to the private key, before connecting', async () => {
    const other = await generateKeypair();
    const error = await refusal(setupWith({ publicKey: other.publicKey, port: 1 }));
    expect(error.message).toBe('Private key and public key do not match');
  });
});

describe('host keys confirmed before the password leaves', () => {
  /** What sshd logged about logins since `from` (its log of this test). */
  const loginAttempts = (from: number) => sshd.log().slice(from).split('\n').filter((line) => /(Accepted|Failed|Postponed) (password|keyboard-interactive)/.test(line));

  test('without a decision the setup is refused, naming the offered fingerprints, and no login was attempted', async () => {
    const logFrom = sshd.log().length;
    const error = await refusal(setupWith({ hostKeyTrust: {} }));
    expect(error).toBeInstanceOf(HostKeysUnconfirmedError);
    expect(error.reason).toBe('host-key-unconfirmed');
    expect((error as HostKeysUnconfirmedError).hostKeys.map((key) => key.fingerprint).sort()).toEqual([...sshd.hostKeyFingerprints].sort());
    for (const fingerprint of sshd.hostKeyFingerprints) expect(error.message).toContain(fingerprint);
    expect(loginAttempts(logFrom)).toEqual([]);
    expect(existsSync(join(sshd.homeDir, '.ssh'))).toBe(false);
  });

  test('a checked fingerprint trusts that key alone: the session uses it and only it is stored', async () => {
    const ed25519 = sshd.hostKeyLines.findIndex((line) => line.startsWith('ssh-ed25519'));
    const result = await setupWith({ hostKeyTrust: { fingerprints: [sshd.hostKeyFingerprints[ed25519]!.replace(/^SHA256:/, '')] } });
    expect(result.remoteHostKey).toBe(sshd.hostKeyLines[ed25519]);
    expect(result.fingerprint).toBe(sshd.hostKeyFingerprints[ed25519]);
  });

  test('a fingerprint the server does not offer is refused before any login', async () => {
    const logFrom = sshd.log().length;
    const other = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';
    const error = await refusal(setupWith({ hostKeyTrust: { fingerprints: [other] } }));
    expect(error.message).toMatch(new RegExp(`^127\\.0\\.0\\.1:${sshd.port} offers no host key with the fingerprint ${other} \\(it offers `));
    expect(loginAttempts(logFrom)).toEqual([]);
  });

  test('the question sees the offered keys; no stores nothing and logs in nowhere', async () => {
    const logFrom = sshd.log().length;
    const asked: HostKeyConfirmRequest[] = [];
    const error = await refusal(setupWith({ hostKeyTrust: { confirm: async (request) => (asked.push(request), false) } }));
    expect(error.message).toBe(`The host keys of 127.0.0.1:${sshd.port} were not confirmed: nothing was changed`);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ host: '127.0.0.1', port: sshd.port });
    expect(asked[0]!.hostKeys.map((key) => key.key).sort()).toEqual([...sshd.hostKeyLines].sort());
    expect(loginAttempts(logFrom)).toEqual([]);
    const yes = await setupWith({ hostKeyTrust: { confirm: async () => true } });
    expect(yes.remoteHostKey.split('\n').sort()).toEqual([...sshd.hostKeyLines].sort());
  });
});

describe('semi-automatic setup against differently configured servers', () => {
  test('logs in through keyboard-interactive when password authentication is off', async () => {
    const kbdOnly = await startSshd({ user: USER, passwordAuthentication: false, keyboardInteractive: true });
    try {
      const result = await semiAutomaticSetup({
        host: kbdOnly.host,
        port: kbdOnly.port,
        adminUsername: kbdOnly.user,
        password: kbdOnly.password,
        privateKey: keypair.privateKey,
        timeoutMs: 10_000,
        hostKeyTrust: { acceptNew: true },
      });
      expect(kbdOnly.hostKeyFingerprints).toContain(result.fingerprint);
      expect(opensshKeyLogin(kbdOnly, keypair).ok).toBe(true);
    } finally {
      await kbdOnly.stop();
    }
  });

  test('says that the server does not accept password logins when both password methods are off', async () => {
    const keysOnly = await startSshd({ user: USER, passwordAuthentication: false, keyboardInteractive: false });
    try {
      const error = await refusal(
        semiAutomaticSetup({
          host: keysOnly.host,
          port: keysOnly.port,
          adminUsername: keysOnly.user,
          password: keysOnly.password,
          privateKey: keypair.privateKey,
          timeoutMs: 10_000,
          hostKeyTrust: { acceptNew: true },
        }),
      );
      expect(error.message).toMatch(new RegExp(`^127\\.0\\.0\\.1:${keysOnly.port} does not accept password logins \\(it offers: publickey\\)`));
    } finally {
      await keysOnly.stop();
    }
  });

  test('names host and port when nothing listens there', async () => {
    const port = await closedPort();
    const error = await refusal(setupWith({ port }));
    expect(error.message).toBe(`Cannot connect to 127.0.0.1:${port}: connection refused (is an SSH server running there?)`);
  });

  test('gives up after the connect timeout on a server that never speaks SSH', async () => {
    const silent = await startBlackHole();
    try {
      const error = await refusal(setupWith({ port: silent.port, timeoutMs: 500 }));
      expect(error.message).toBe(`Timed out after 0.5 s asking 127.0.0.1:${silent.port} for its host key`); // asked before any login
    } finally {
      await silent.close();
    }
  });
});

describe('answering keyboard-interactive prompts', () => {
  test('answers password prompts with the password and hands other prompts (an OTP) to the caller', async () => {
    const asked: string[] = [];
    const answers = await answerLoginPrompts(
      [{ prompt: 'Password: ', echo: false }, { prompt: 'Verification code: ', echo: true }],
      'secret',
      async (prompt) => {
        asked.push(prompt);
        return '123456';
      },
    );
    expect(answers).toEqual(['secret', '123456']);
    expect(asked).toEqual(['Verification code: ']);
  });

  test('a one-time password prompt is not the password: it goes to the caller', async () => {
    const prompts = ["One-time password (OATH) for `admin': ", 'OTP password: ', 'Token password: '];
    const answers = await answerLoginPrompts(
      [{ prompt: 'Password: ', echo: false }, ...prompts.map((prompt) => ({ prompt, echo: false }))],
      'secret',
      async () => '123456',
    );
    expect(answers).toEqual(['secret', '123456', '123456', '123456']);
  });

  test('without a way to ask, a prompt that is not the password fails naming the prompt', async () => {
    await expect(answerLoginPrompts([{ prompt: 'Verification code: ', echo: true }], 'secret')).rejects.toThrow(
      'The server asks "Verification code:" at login, and no answer for it was given',
    );
  });
});
