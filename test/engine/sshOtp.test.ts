import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { semiAutomaticSetup } from '../../src/engine/ssh/exchanger.js';
import { generateKeypair, type Keypair } from '../../src/engine/ssh/keys.js';
import { hotp } from '../../testing/hotp.js';
import { startSshd } from '../../testing/sshd.js';
import { refusal } from '../helpers/refusal.js';
import { opensshKeyLogin, useSshd, type RunningSshd } from '../helpers/sshd.js';

// Semi-automatic setup against a real OpenSSH sshd whose PAM stack asks, by keyboard-interactive,
// for the password and then for a one-time code (pam_oath, HOTP; see testing/sshd.ts).

const USER = 'nasctest-otp';
const OTP_PROMPT = `One-time password (OATH) for \`${USER}': `;
const sshd = useSshd({ user: USER, otp: true, freshHomeEachTest: true });
let keypair: Keypair;

beforeAll(async () => {
  keypair = await generateKeypair({ comment: 'nasconsole otp test' });
});

/** The prompts the server sent to `onPrompt`, and the code it answered with. */
function answering(code: () => string) {
  const asked: string[] = [];
  return {
    asked,
    onPrompt: async (prompt: string) => {
      asked.push(prompt);
      return code();
    },
  };
}

function setupWith(server: RunningSshd, overrides: Partial<Parameters<typeof semiAutomaticSetup>[0]> = {}) {
  return semiAutomaticSetup({
    host: server.host,
    port: server.port,
    adminUsername: server.user,
    password: server.password,
    privateKey: keypair.privateKey,
    publicKey: keypair.publicKey,
    timeoutMs: 10_000,
    hostKeyTrust: { acceptNew: true },
    ...overrides,
  });
}

const nothingInstalled = () => !existsSync(join(sshd.homeDir, '.ssh'));

describe('semi-automatic setup against a server that asks for a one-time code', () => {
  test('answers the code prompt through onPrompt; the OpenSSH client then logs in with the key alone', async () => {
    expect(opensshKeyLogin(sshd, keypair).ok).toBe(false);
    const code = sshd.nextOtpCode();
    const { asked, onPrompt } = answering(() => code);

    const result = await setupWith(sshd, { onPrompt });

    // The password went to PAM's "Password:" by itself; only the code prompt was handed over.
    expect(asked).toEqual([OTP_PROMPT]);
    expect(result.keyAdded).toBe(true);
    expect(sshd.hostKeyFingerprints).toContain(result.fingerprint);
    expect(readFileSync(join(sshd.homeDir, '.ssh', 'authorized_keys'), 'utf8')).toBe(`${keypair.publicKey}\n`);
    const login = opensshKeyLogin(sshd, keypair);
    expect(login.ok, login.stderr).toBe(true);
    // pam_oath took the code: it now wants the next one.
    expect(sshd.nextOtpCode()).not.toBe(code);
  });

  test('a wrong code fails clearly and installs nothing', async () => {
    const wrong = sshd.wrongOtpCode();
    const { asked, onPrompt } = answering(() => wrong);

    const error = await refusal(setupWith(sshd, { onPrompt }), [sshd.password, wrong]);

    expect(error.message).toBe('Authentication failed: wrong username, password or one-time code');
    expect(asked).toEqual([OTP_PROMPT]);
    expect(nothingInstalled()).toBe(true);
    expect(opensshKeyLogin(sshd, keypair).ok).toBe(false);
  });

  test('a code already used is refused like a wrong one', async () => {
    const code = sshd.nextOtpCode();
    await setupWith(sshd, { onPrompt: async () => code });
    sshd.resetHome();

    const error = await refusal(setupWith(sshd, { onPrompt: async () => code }), [sshd.password, code]);

    expect(error.message).toBe('Authentication failed: wrong username, password or one-time code');
    expect(nothingInstalled()).toBe(true);
  });

  test('without onPrompt, the code prompt fails naming it, and the password is not sent to it', async () => {
    const error = await refusal(setupWith(sshd), [sshd.password]);
    expect(error.message).toBe(`The server asks "${OTP_PROMPT.trim()}" at login, and no answer for it was given`);
    expect(nothingInstalled()).toBe(true);
  });

  test('a wrong password is refused before the code is asked for', async () => {
    const { asked, onPrompt } = answering(() => sshd.nextOtpCode());
    const error = await refusal(setupWith(sshd, { password: `${sshd.password}x`, onPrompt }), [sshd.password]);
    expect(error.message).toBe('Authentication failed: wrong username or password');
    expect(asked).toEqual([]);
    expect(nothingInstalled()).toBe(true);
  });

  test('logs in by keyboard-interactive first when the server also offers the password method, which cannot pass the code', async () => {
    const withPassword = await startSshd({ user: USER, otp: true, passwordAuthentication: true });
    try {
      const { asked, onPrompt } = answering(() => withPassword.nextOtpCode());
      const result = await setupWith(withPassword, { onPrompt });
      expect(asked).toEqual([OTP_PROMPT]);
      // A password attempt before it would have left sshd unable to open the session (pam_setcred).
      expect(withPassword.log()).not.toMatch(/Failed password for/);
      expect(withPassword.log()).toMatch(/Accepted keyboard-interactive\/pam for nasctest-otp/);
      expect(withPassword.hostKeyFingerprints).toContain(result.fingerprint);
      expect(opensshKeyLogin(withPassword, keypair).ok).toBe(true);
    } finally {
      await withPassword.stop();
    }
  });
});

describe('the harness one-time codes', () => {
  test('are the HOTP codes of RFC 4226 (appendix D test values)', () => {
    const secret = Buffer.from('12345678901234567890');
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((counter) => hotp(secret, counter))).toEqual([
      '755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489',
    ]);
  });
});
