import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RCLONE_MISSING_MESSAGE, verifyCredential, type VerifyResult } from '../../src/engine/rclone/index.js';
import { startFtpServer, type TestFtpServer } from '../harness/ftpServer.js';
import { startHttpServer, type TestHttpServer } from '../harness/httpServer.js';
import { startS3Server, type TestS3Server } from '../harness/s3Server.js';
import { startWebdavServer, type TestWebdavServer } from '../harness/webdavServer.js';
import { closedPort, useBlackHole } from '../helpers/servers.js';

// Passwords with the characters that break naive quoting, encoding or Basic auth parsing.
// (ftp-srv strips '"' from commands, so the FTP one has none.)
const FTP_PASSWORD = 'ftp p@ss:w=rd;#`\\';
const DAV_PASSWORD = 'dav:pa?ss+/=w"rd';

let ftp: TestFtpServer;
let dav: TestWebdavServer;
let web: TestHttpServer;
let s3: TestS3Server;

beforeAll(async () => {
  [ftp, dav, web, s3] = await Promise.all([startFtpServer('alice', FTP_PASSWORD), startWebdavServer('bob', DAV_PASSWORD), startHttpServer(), startS3Server()]);
  writeFileSync(join(ftp.root, 'hello.txt'), 'hello');
  writeFileSync(join(dav.root, 'hello.txt'), 'hello');
  writeFileSync(join(web.root, 'hello.txt'), 'hello');
});
afterAll(async () => {
  await Promise.all([ftp?.close(), dav?.close(), web?.close(), s3?.close()]);
});

/** A failure the user can read: one line, no timestamp, no rclone wrapper, no secret. */
function expectCleanFailure(result: VerifyResult, secrets: string[]): string {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.reason).toBe('rejected');
  expect(result.message).not.toMatch(/\n/);
  expect(result.message).not.toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}/);
  expect(result.message).not.toMatch(/Failed to (create file system|lsjson)|ERROR :|error in ListJSON|NewFs:/);
  expect(result.details).toMatch(/\d{4}\/\d{2}\/\d{2}/); // the full text is kept for "details"
  for (const secret of secrets) {
    expect(result.message).not.toContain(secret);
    expect(result.details).not.toContain(secret);
  }
  return result.message;
}

describe('verify with real rclone against real servers', () => {
  it('accepts the right FTP user and password', async () => {
    expect(await verifyCredential('FTP', { host: ftp.host, port: ftp.port, user: 'alice', pass: FTP_PASSWORD })).toEqual({ ok: true });
  });

  it('refuses a wrong FTP password with the server\'s reason on one clean line', async () => {
    const result = await verifyCredential('FTP', { host: ftp.host, port: ftp.port, user: 'alice', pass: 'wrong-password' });
    const message = expectCleanFailure(result, ['wrong-password']);
    expect(message).toMatch(/^failed to make FTP connection to "127\.0\.0\.1:\d+": 530 Invalid username or password$/);
  });

  it('accepts the right WebDAV user and password', async () => {
    expect(await verifyCredential('WEBDAV', { url: dav.url, vendor: 'OTHER', user: 'bob', pass: DAV_PASSWORD })).toEqual({ ok: true });
    expect(await verifyCredential('WEBDAV', { url: dav.url, vendor: 'NEXTCLOUD', user: 'bob', pass: DAV_PASSWORD })).toEqual({ ok: true });
  });

  it('refuses a wrong WebDAV password as unauthorized', async () => {
    const result = await verifyCredential('WEBDAV', { url: dav.url, vendor: 'OTHER', user: 'bob', pass: 'not-the-password' });
    expect(expectCleanFailure(result, ['not-the-password'])).toBe('401 Unauthorized');
  });

  it('accepts an HTTP URL that lists, and says why one does not', async () => {
    expect(await verifyCredential('HTTP', { url: web.url })).toEqual({ ok: true });
    const missing = await verifyCredential('HTTP', { url: `${web.url}no/such/dir/` });
    expect(expectCleanFailure(missing, [])).toMatch(/not found/i);
  });

  it('says the connection was refused when nothing listens', async () => {
    const closed = await closedPort();
    const result = await verifyCredential('HTTP', { url: `http://127.0.0.1:${closed}/` });
    expect(expectCleanFailure(result, [])).toMatch(/connection refused$/);
  });

  it('accepts the right S3 keys (an AWS-shaped secret with "/", "+" and "=") and lists buckets', async () => {
    const attributes = { access_key_id: s3.accessKeyId, secret_access_key: s3.secretAccessKey, endpoint: s3.endpoint };
    expect(s3.secretAccessKey).toMatch(/[/+=]/);
    expect(await verifyCredential('S3', attributes)).toEqual({ ok: true });
    expect(await verifyCredential('S3', { ...attributes, signatures_v2: true })).toEqual({ ok: true });
  });

  it('refuses an unknown S3 access key ID (Signature V4)', async () => {
    const result = await verifyCredential('S3', { access_key_id: 'AKIAUNKNOWNKEY000000', secret_access_key: s3.secretAccessKey, endpoint: s3.endpoint });
    const message = expectCleanFailure(result, [s3.secretAccessKey]);
    expect(message).toMatch(/^InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records\. \(HTTP 403\)$/);
  });

  it('refuses a wrong S3 secret (Signature V2, the signatures this server checks)', async () => {
    const result = await verifyCredential('S3', {
      access_key_id: s3.accessKeyId,
      secret_access_key: 'wrongSecretKey/with+chars=',
      endpoint: s3.endpoint,
      signatures_v2: true,
    });
    expect(expectCleanFailure(result, ['wrongSecretKey/with+chars='])).toMatch(/^SignatureDoesNotMatch: .* \(HTTP 403\)$/);
  });

  it('does not let the caller\'s environment change rclone\'s behaviour (AWS_CA_BUNDLE, RCLONE_*)', async () => {
    const saved = { ...process.env };
    process.env.AWS_CA_BUNDLE = '/nonexistent/ca-bundle.pem';
    process.env.RCLONE_CONFIG_REMOTE_ENDPOINT = 'http://127.0.0.1:1';
    process.env.RCLONE_S3_V2_AUTH = 'true';
    try {
      const result = await verifyCredential('S3', { access_key_id: s3.accessKeyId, secret_access_key: s3.secretAccessKey, endpoint: s3.endpoint });
      expect(result).toEqual({ ok: true });
    } finally {
      for (const name of ['AWS_CA_BUNDLE', 'RCLONE_CONFIG_REMOTE_ENDPOINT', 'RCLONE_S3_V2_AUTH']) delete process.env[name];
      Object.assign(process.env, saved);
    }
  });
});

describe('verify keeps secrets out of reach and cleans up', () => {
  // Accepts connections and never answers: rclone waits, so the live process can be inspected.
  const blackHole = useBlackHole();

  it('passes no secret in argv or environment, keeps the config 0600 in a 0700 dir, and Esc kills rclone', async () => {
    const password = 'argv-must-not-see-this';
    const controller = new AbortController();
    let seen: { args: string[]; env: string[]; configMode: number; dirMode: number; configText: string; configPath: string } | undefined;
    const started = verifyCredential('FTP', { host: '127.0.0.1', port: blackHole.port, user: 'alice', pass: password }, {
      signal: controller.signal,
      onSpawn(pid) {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
        const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
        const configPath = args[args.indexOf('--config') + 1]!;
        seen = {
          args,
          env,
          configPath,
          configMode: statSync(configPath).mode & 0o777,
          dirMode: statSync(dirname(configPath)).mode & 0o777,
          configText: readFileSync(configPath, 'utf8'),
        };
        setTimeout(() => controller.abort(), 300);
      },
    });
    const result = await started;
    expect(seen).toBeDefined();
    const { args, env, configMode, dirMode, configText, configPath } = seen!;
    expect(args.slice(1)).toEqual(['--config', configPath, '--contimeout', '15s', '--timeout', '30s', '--ask-password=false', '--low-level-retries', '1', 'lsjson', '--no-modtime', '--no-mimetype', 'remote:']);
    const obscured = /pass = (\S+)/.exec(configText)![1]!;
    for (const text of [...args, ...env]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(obscured);
    }
    expect(env.map((entry) => entry.split('=')[0]).sort()).toEqual(expect.arrayContaining(['HOME', 'PATH', 'TMPDIR']));
    // Only the path, a private home and temp dir, proxies and where trusted certificates are.
    expect(env.filter((entry) => !/^(PATH|HOME|TMPDIR|(https?|no|all)_proxy|(HTTPS?|NO|ALL)_PROXY|SSL_CERT_(FILE|DIR))=/.test(entry))).toEqual([]);
    expect(configMode).toBe(0o600);
    expect(dirMode).toBe(0o700);
    expect(configText).not.toContain(password);
    expect(result).toMatchObject({ ok: false, reason: 'cancelled', message: 'Verification cancelled.' });
    expect(existsSync(dirname(configPath))).toBe(false);
  });

  it('removes the temporary directory after a successful and a failed verify', async () => {
    for (const pass of [FTP_PASSWORD, 'wrong-password']) {
      let configDir = '';
      const result = await verifyCredential('FTP', { host: ftp.host, port: ftp.port, user: 'alice', pass }, {
        onSpawn(pid) {
          const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
          configDir = dirname(args[args.indexOf('--config') + 1]!);
          expect(existsSync(configDir)).toBe(true);
        },
      });
      expect(result.ok).toBe(pass === FTP_PASSWORD);
      expect(configDir).toMatch(/nasconsole-verify-/);
      expect(existsSync(configDir)).toBe(false);
    }
  });

  it('stops a verify that outlives its time limit', async () => {
    const result = await verifyCredential('FTP', { host: '127.0.0.1', port: blackHole.port, user: 'alice', pass: 'x' }, { timeoutMs: 500 });
    expect(result).toMatchObject({ ok: false, reason: 'timed-out', message: 'rclone did not finish within 0.5 s: the server may be unreachable or very slow.' });
  });

  it('reports a cancel that came before rclone started, without running it', async () => {
    let spawned = false;
    const result = await verifyCredential('HTTP', { url: web.url }, { signal: AbortSignal.abort(), onSpawn: () => (spawned = true) });
    expect(result).toMatchObject({ ok: false, reason: 'cancelled' });
    expect(spawned).toBe(false);
  });
});

describe('verify explains what it cannot do', () => {
  it('says how to install rclone when it is missing', async () => {
    const result = await verifyCredential('HTTP', { url: 'http://127.0.0.1/' }, { rclonePath: '/nonexistent/bin/rclone' });
    expect(result).toEqual({ ok: false, reason: 'rclone-missing', message: RCLONE_MISSING_MESSAGE, details: expect.any(String) });
    expect(RCLONE_MISSING_MESSAGE).toBe('rclone is not installed: install the Debian package rclone (apt-get install rclone) or get it from rclone.org.');
  });

  it('says plainly when this rclone lacks the backend (Debian\'s has no mega)', async () => {
    const result = await verifyCredential('MEGA', { user: 'me@example.com', pass: 'test-only' });
    expect(result).toMatchObject({ ok: false, reason: 'backend-missing' });
    if (!result.ok) expect(result.message).toMatch(/^This rclone has no "mega" backend, so Mega cannot be verified: .*https:\/\/rclone\.org\/install\//);
  });

  it('does not run rclone for attributes that fail validation', async () => {
    let spawned = false;
    const result = await verifyCredential('FTP', { host: 'ftp://x', user: 'u' }, { onSpawn: () => (spawned = true) });
    expect(result).toMatchObject({ ok: false, reason: 'invalid-attributes', message: 'Host must be the host name only, without a scheme such as ftp:// or sftp://.' });
    expect(spawned).toBe(false);
  });

  it('reports a keypair that cannot be resolved as a configuration problem', async () => {
    const result = await verifyCredential('SFTP', { host: '127.0.0.1', user: 'u', private_key: 42 }, {
      resolveKeypair: (id) => {
        throw new Error(`SSH keypair ${id} does not exist.`);
      },
    });
    expect(result).toMatchObject({ ok: false, reason: 'invalid-attributes', message: 'SSH keypair 42 does not exist.' });
  });
});
