import { afterEach, describe, expect, test } from 'vitest';
import {
  connectTrueNasApi,
  loginTrueNas,
  parseTrueNasUrl,
  TlsCertificateRefusedError,
  TrueNasCallError,
  type TrueNasApi,
} from '../../src/engine/truenas/index.js';
import { refusal } from '../helpers/refusal.js';
import { useTrueNasApis, type RunningTrueNasApi } from '../harness/trueNasApi.js';

// The TrueNAS API client (src/engine/truenas) against the test TrueNAS API of test/harness:
// protocols, TLS trust, login and the middleware's error shapes. The setup that installs a key
// for a real sshd is in trueNasSetup.test.ts.

const USER = 'root';
const apis: TrueNasApi[] = [];
const trueNas = useTrueNasApis();

afterEach(() => {
  for (const api of apis.splice(0)) api.close();
});

async function connect(server: RunningTrueNasApi, trustedFingerprint?: string): Promise<TrueNasApi> {
  const api = await connectTrueNasApi(parseTrueNasUrl(server.url), { timeoutMs: 5_000, trustedFingerprint });
  apis.push(api);
  return api;
}


describe('TrueNAS API client', () => {
  test('speaks JSON-RPC 2.0 at /api/current; a call before login gets the middleware\'s ENOTAUTHENTICATED error', async () => {
    const server = await trueNas();
    const api = await connect(server, server.certificate!.fingerprint);
    expect(api.protocol).toBe('jsonrpc');
    const error = await refusal(api.call('user.query', [[['username', '=', USER]], { get: true }]));
    expect(error).toBeInstanceOf(TrueNasCallError);
    expect(error).toMatchObject({ rpcCode: -32001, errno: 207, errname: 'ENOTAUTHENTICATED', serverReason: 'Not authenticated' });
    expect(server.calls).toEqual([{ endpoint: 'jsonrpc', method: 'user.query', params: [[['username', '=', USER]], { get: true }] }]);
  });

  test('falls back to the legacy protocol at /websocket when /api/current answers 404, and logs in with auth.login there', async () => {
    const server = await trueNas({ legacyOnly: true });
    const api = await connect(server, server.certificate!.fingerprint);
    expect(api.protocol).toBe('legacy');
    expect(await refusal(api.call('user.update', [1, {}]))).toMatchObject({ errno: 207, errname: 'ENOTAUTHENTICATED', rpcCode: null });
    await loginTrueNas(api, { username: server.adminUsername, password: server.adminPassword });
    expect(server.calls.map((call) => [call.endpoint, call.method])).toEqual([['legacy', 'user.update'], ['legacy', 'auth.login']]);
    expect(server.calls[1]!.params).toEqual([server.adminUsername, server.adminPassword]);
  });

  test('refuses a self-signed certificate before anything is sent, naming its SHA-256 fingerprint (as openssl prints it) and subject', async () => {
    const server = await trueNas();
    const error = await refusal(connect(server));
    expect(error).toBeInstanceOf(TlsCertificateRefusedError);
    const { certificate } = error as TlsCertificateRefusedError;
    expect(certificate.fingerprint).toBe(server.certificate!.fingerprint);
    expect(certificate.subject).toContain('CN=truenas.local');
    expect(error.reason).toBe('tls-certificate-unconfirmed');
    expect(error.message).toContain(server.certificate!.fingerprint);
    expect(server.calls).toEqual([]);
    // Only the confirmed certificate is trusted: another fingerprint is refused too.
    const other = `SHA256:${'AB:'.repeat(31)}AB`;
    expect(await refusal(connect(server, other))).toBeInstanceOf(TlsCertificateRefusedError);
    expect((await connect(server, server.certificate!.fingerprint.toLowerCase().replace(/:/g, ''))).protocol).toBe('jsonrpc');
  });

  test('a TOTP account: auth.login_ex answers OTP_REQUIRED and auth.login_ex_continue takes the code asked for', async () => {
    const server = await trueNas({ totp: true });
    const api = await connect(server, server.certificate!.fingerprint);
    const asked: unknown[] = [];
    await loginTrueNas(api, {
      username: server.adminUsername,
      password: server.adminPassword,
      askOtpCode: async (request) => {
        asked.push(request);
        return server.totpCode();
      },
    });
    expect(asked).toEqual([{ username: server.adminUsername, retry: false }]);
    expect(server.calls.map((call) => call.params[0])).toEqual([
      { mechanism: 'PASSWORD_PLAIN', username: server.adminUsername, password: server.adminPassword, login_options: { user_info: false } },
      { mechanism: 'OTP_TOKEN', otp_token: expect.stringMatching(/^\d{6}$/) },
    ]);
  });

  test('each refused login is one clear line: password, code missing, code wrong, EXPIRED, DENIED, REDIRECT', async () => {
    const plain = await trueNas({ tls: false });
    const login = async (server: RunningTrueNasApi, extra: { password?: string; otpCode?: string } = {}) =>
      (await refusal(loginTrueNas(await connect(server), { username: server.adminUsername, password: server.adminPassword, ...extra }), [server.adminPassword])).message;
    expect(await login(plain, { password: 'wrong' })).toBe('Authentication failed: wrong username or password');

    const totp = await trueNas({ tls: false, totp: true });
    const missing = await refusal(loginTrueNas(await connect(totp), { username: totp.adminUsername, password: totp.adminPassword }));
    expect(missing).toMatchObject({ reason: 'otp-required', message: `The TrueNAS account ${totp.adminUsername} uses two-factor authentication: a one-time code is needed` });
    expect(await login(totp, { otpCode: totp.wrongTotpCode() })).toBe('Authentication failed: wrong one-time code');

    for (const [loginOutcome, expected] of [
      ['EXPIRED', 'credentials of truenas_admin have expired'],
      ['DENIED', 'truenas_admin has no API access'],
      ['REDIRECT', 'standby controller of an HA pair: log in to the active one instead (https://192.0.2.10)'],
    ] as const) {
      expect(await login(await trueNas({ tls: false, loginOutcome }))).toContain(expected);
    }
  });
});

describe('TrueNAS API errors and URLs', () => {
  test('validation errors and unknown methods come back in the middleware\'s shapes, in both protocols', async () => {
    for (const legacyOnly of [false, true]) {
      const server = await trueNas({ tls: false, legacyOnly });
      const api = await connect(server);
      await loginTrueNas(api, { username: server.adminUsername, password: server.adminPassword });
      const root = (await api.call('user.query', [[['username', '=', USER], ['local', '=', true]], { get: true }])) as { id: number };
      const invalid = await refusal(api.call('user.update', [root.id, { shell: '/bin/false' }]));
      expect(invalid).toMatchObject({ serverReason: 'user_update.shell: Please select a valid shell.', errname: legacyOnly ? 'EAGAIN' : 'EINVAL', rpcCode: legacyOnly ? null : -32602 });
      const missing = await refusal(api.call('auth.login_ex_nope', []));
      expect(missing).toMatchObject(legacyOnly ? { errno: 201, errname: 'ENOMETHOD' } : { rpcCode: -32601, serverReason: 'Method does not exist' });
      const notFound = await refusal(api.call('user.query', [[['username', '=', 'nasctest-nosuchuser']], { get: true }]));
      expect(notFound).toMatchObject({ errname: 'EINVAL', serverReason: 'MatchNotFound()' });
    }
  });

  test('a URL needs a scheme (the seed\'s advice); the API lives at the origin, whatever page was copied', () => {
    expect(() => parseTrueNasUrl('nas.example.com')).toThrow(
      '"nas.example.com" has no URL scheme: be sure to use a valid URL scheme for the remote TrueNAS URL, as in https://nas.example.com.',
    );
    expect(() => parseTrueNasUrl('ftp://nas')).toThrow('"ftp://" is not a scheme for the remote TrueNAS URL');
    expect(() => parseTrueNasUrl('https://admin:secret@nas')).toThrow('must not hold a user name or password');
    expect(parseTrueNasUrl(' HTTPS://NAS.example.com/ui/dashboard ')).toMatchObject({
      origin: 'https://nas.example.com',
      hostname: 'nas.example.com',
      port: 443,
      apiUrl: 'wss://nas.example.com/api/current',
      legacyUrl: 'wss://nas.example.com/websocket',
    });
    expect(parseTrueNasUrl('http://[fd00::2]:8080')).toMatchObject({ secure: false, hostname: 'fd00::2', port: 8080, apiUrl: 'ws://[fd00::2]:8080/api/current' });
  });

  test('nothing listening, or an https server spoken to in plain http: one line naming the URL', async () => {
    const server = await trueNas();
    const plain = server.url.replace('https:', 'http:');
    const wrongScheme = await refusal(connectTrueNasApi(parseTrueNasUrl(plain), { timeoutMs: 5_000 }));
    expect(wrongScheme.message).toBe(`The TrueNAS at ${plain} closed the connection before the API answered (does it want https://?)`);
    await server.stop();
    const closed = await refusal(connectTrueNasApi(parseTrueNasUrl(server.url), { timeoutMs: 5_000 }));
    expect(closed.message).toBe(`Cannot connect to the TrueNAS at ${server.url}: connection refused (is its web interface served on that port?)`);
  });
});
