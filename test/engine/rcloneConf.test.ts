import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRcloneConf, obscure, parseRcloneConf } from '../../src/engine/rclone/index.js';
import { findProvider, normalizeAttributes, providers, withDefaults } from '../../src/providers/index.js';
import { startFtpServer, type TestFtpServer } from '../harness/ftpServer.js';
import { startHttpServer, type TestHttpServer } from '../harness/httpServer.js';
import { startS3Server, type TestS3Server } from '../harness/s3Server.js';
import { startWebdavServer, type TestWebdavServer } from '../harness/webdavServer.js';
import { VALID_ATTRIBUTES } from '../providers/samples.js';
import { fakeOpensshKey } from '../fixtures/fakeKeys.js';

const PEM = fakeOpensshKey('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ');
const resolveKeypair = (id: number) => {
  if (id !== 5) throw new Error(`no keypair ${id}`);
  return { privateKey: PEM };
};

const dir = mkdtempSync(join(tmpdir(), 'nasconsole-rclone-conf-'));
let ftp: TestFtpServer;
let dav: TestWebdavServer;
let web: TestHttpServer;
let s3: TestS3Server;

beforeAll(async () => {
  [ftp, dav, web, s3] = await Promise.all([startFtpServer('alice', 'ftp secret=1'), startWebdavServer('bob', 'dav:secret+2'), startHttpServer(), startS3Server()]);
  for (const root of [ftp.root, dav.root, web.root]) writeFileSync(join(root, 'hello.txt'), 'hello');
});
afterAll(async () => {
  await Promise.all([ftp?.close(), dav?.close(), web?.close(), s3?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** Asynchronous on purpose: the servers run in this process and must answer meanwhile. */
function rcloneList(config: string, remote: string): Promise<{ code: number | null; names: string[]; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('rclone', ['--config', config, '--contimeout', '15s', 'lsjson', `${remote}:`], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      const names = code === 0 ? (JSON.parse(stdout) as Array<{ Name: string }>).map((entry) => entry.Name) : [];
      resolve({ code, names, stderr });
    });
  });
}

describe('rclone.conf export', () => {
  it('writes a file real rclone uses as it is, one remote per credential', async () => {
    const text = exportRcloneConf(
      [
        { name: 'nas ftp', provider: 'FTP', attributes: { host: ftp.host, port: ftp.port, user: 'alice', pass: 'ftp secret=1' } },
        { name: 'dav.backup', provider: 'WEBDAV', attributes: { url: dav.url, vendor: 'OTHER', user: 'bob', pass: 'dav:secret+2' } },
        { name: 'web_1', provider: 'HTTP', attributes: { url: web.url } },
        { name: 'objects', provider: 'S3', attributes: { access_key_id: s3.accessKeyId, secret_access_key: s3.secretAccessKey, endpoint: s3.endpoint } },
      ],
      resolveKeypair,
    );
    expect(text).not.toContain('ftp secret=1');
    expect(text).not.toContain('dav:secret+2');
    const config = join(dir, 'exported.conf');
    writeFileSync(config, text, { mode: 0o600 });
    expect(await rcloneList(config, 'nas ftp')).toMatchObject({ code: 0, names: ['hello.txt'] });
    expect(await rcloneList(config, 'dav.backup')).toMatchObject({ code: 0, names: ['hello.txt'] });
    expect(await rcloneList(config, 'web_1')).toMatchObject({ code: 0, names: ['hello.txt'] });
    expect(await rcloneList(config, 'objects')).toMatchObject({ code: 0, names: s3.buckets });
  });

  it('refuses names rclone cannot use, listing all of them', () => {
    const attributes = VALID_ATTRIBUTES.HTTP!;
    expect(() =>
      exportRcloneConf(
        [
          { name: 'ok', provider: 'HTTP', attributes },
          { name: 'Café', provider: 'HTTP', attributes },
          { name: 'a/b', provider: 'HTTP', attributes },
        ],
        resolveKeypair,
      ),
    ).toThrow(/^Cannot export: "Café" may only contain .*; "a\/b" may only contain .*\. Rename these credentials or leave them out\.$/);
  });
});

describe('rclone.conf import', () => {
  /** Attributes as they are stored: normalized, defaults filled, JSON compact. */
  function stored(id: string, attributes: Record<string, unknown>): Record<string, unknown> {
    const provider = findProvider(id);
    const result = withDefaults(provider, normalizeAttributes(provider, attributes));
    for (const field of provider.fields) {
      if (field.type === 'json' && typeof result[field.key] === 'string') result[field.key] = JSON.stringify(JSON.parse(result[field.key] as string));
    }
    return result;
  }

  it('round-trips every provider\'s attributes through an exported rclone.conf', () => {
    const credentials = providers.map((provider) => ({
      name: `remote ${provider.id.toLowerCase()}`,
      provider: provider.id,
      attributes: provider.id === 'SFTP' ? { ...VALID_ATTRIBUTES.SFTP, private_key: 5 } : VALID_ATTRIBUTES[provider.id]!,
    }));
    const imported = parseRcloneConf(exportRcloneConf(credentials, resolveKeypair));
    expect(imported.skipped).toEqual([]);
    expect(imported.credentials.map((c) => [c.name, c.provider])).toEqual(credentials.map((c) => [c.name, c.provider]));
    for (const credential of imported.credentials) {
      const original = credentials.find((c) => c.name === credential.name)!;
      const expected = stored(original.provider, original.attributes);
      if (original.provider === 'SFTP') {
        delete expected.private_key; // becomes a keypair to store, then its id
        expect(credential.privateKey).toEqual({ pem: PEM });
      }
      // skip_region is the original system's own flag and is not an rclone option
      expect(credential.attributes, original.provider).toEqual(expected);
      expect(credential.ignoredOptions, original.provider).toEqual([]);
    }
  });

  it('reads a config written by rclone itself, revealing the passwords rclone obscured', () => {
    const config = join(dir, 'by-rclone.conf');
    // Test values only: rclone config create takes them as arguments.
    execFileSync('rclone', ['--config', config, 'config', 'create', 'old ftp', 'ftp', 'host', 'ftp.lan', 'user', 'me', 'pass', 'test-value', 'tls', 'true', '--non-interactive'], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
      stdio: 'ignore',
    });
    expect(readFileSync(config, 'utf8')).not.toContain('test-value');
    const { credentials } = parseRcloneConf(readFileSync(config, 'utf8'));
    expect(credentials).toEqual([
      // tls is an option of rclone's ftp backend that no field holds: kept, for export to write back.
      { name: 'old ftp', provider: 'FTP', attributes: { host: 'ftp.lan', user: 'me', pass: 'test-value', extra_rclone_options: { tls: 'true' } }, keptOptions: ['tls'], ignoredOptions: [], notes: [] },
    ]);
  });

  it('skips, with the reason, what it cannot map', () => {
    const text = [
      '[vault]', 'type = crypt', 'remote = x:', '',
      '[from env]', 'type = s3', 'provider = AWS', 'env_auth = true', '',
      '[agent]', 'type = sftp', 'host = h', 'user = u', '',
      '[ntlm]', 'type = webdav', 'url = https://sp', 'vendor = sharepoint-ntlm', 'user = u', `pass = ${obscure('p')}`, '',
      '[clear pass]', 'type = ftp', 'host = h', 'user = u', 'pass = not-obscured!', '',
      '[no host]', 'type = ftp', 'user = u', '',
      '[gcs file]', 'type = google cloud storage', 'service_account_file = /sa.json', '',
      '[typeless]', 'x = 1', '',
      '[variables]', 'type = ftp', 'host = %(base)s', 'user = u', '',
    ].join('\n');
    const { credentials, skipped } = parseRcloneConf(text);
    expect(credentials).toEqual([]);
    expect(Object.fromEntries(skipped.map((s) => [s.name, s.reason]))).toEqual({
      vault: 'rclone backend "crypt" has no matching provider here',
      'from env': 'uses env_auth (keys from the environment or instance metadata), which a stored credential cannot hold',
      agent: 'authenticates with ssh-agent, which a stored credential cannot hold',
      ntlm: 'uses vendor sharepoint-ntlm (NTLM sign-in), which is not one of the supported WebDAV services',
      'clear pass': "option pass: Cannot reveal the password: it is not in rclone's obscured form (base64).",
      'no host': 'Host is required.',
      'gcs file': 'uses service_account_file (a path on the machine that wrote it): load that file with "Choose File" instead',
      typeless: 'has no type',
      variables: 'option host uses a "%(name)s" variable, which is not expanded here: write the value out',
    });
  });

  it('keeps an SFTP key file path (and its revealed key_file_pass) for the caller to read, and notes what it drops', () => {
    const text = ['[box]', 'type = sftp', 'host = nas.lan', 'port = 2222', 'user = u', 'key_file = ~/.ssh/id_ed25519', `key_file_pass = ${obscure('p p')}`, 'known_hosts_file = ~/.ssh/known_hosts', 'md5sum_command = md5', 'idle_timeout = 5m'].join('\n');
    expect(parseRcloneConf(text).credentials).toEqual([
      {
        name: 'box',
        provider: 'SFTP',
        attributes: { host: 'nas.lan', port: 2222, user: 'u', extra_rclone_options: { idle_timeout: '5m' } },
        privateKey: { file: '~/.ssh/id_ed25519', passphrase: 'p p' },
        keptOptions: ['idle_timeout'],
        // A command option is never kept: a credential must not make rclone run programs.
        ignoredOptions: ['md5sum_command'],
        notes: ['known_hosts_file dropped'],
      },
    ]);
  });

  it('maps rclone spellings back to the stored ones', () => {
    const text = [
      '[od]', 'type = onedrive', 'token = {"access_token":"a"}', 'drive_type = documentLibrary', 'drive_id = b!x', '',
      '[sw]', 'type = swift', 'user = u', 'key = k', 'auth = https://a/v1', 'auth_version = 0', 'endpoint_type = internal', '',
      '[minio]', 'type = s3', 'provider = Minio', 'access_key_id = minioadmin', 'secret_access_key = minioadmin', 'endpoint = http://m:9000', 'v2_auth = true', '',
      '[gcs]', 'type = gcs', `service_account_credentials = ${JSON.stringify(JSON.parse(VALID_ATTRIBUTES.GOOGLE_CLOUD_STORAGE!.service_account_credentials as string))}`, 'project_number = x',
    ].join('\n');
    const byName = Object.fromEntries(parseRcloneConf(text).credentials.map((c) => [c.name, c]));
    expect(byName.od!.attributes).toEqual({ token: '{"access_token":"a"}', drive_type: 'DOCUMENT_LIBRARY', drive_id: 'b!x' });
    expect(byName.sw!.attributes).toMatchObject({ auth_version: 0, endpoint_type: 'internal' });
    expect(byName.minio!.attributes).toEqual({ access_key_id: 'minioadmin', secret_access_key: 'minioadmin', endpoint: 'http://m:9000', signatures_v2: true, provider: 'Minio' });
    expect(byName.minio!.notes).toEqual([]);
    expect(byName.gcs!.provider).toBe('GOOGLE_CLOUD_STORAGE');
    expect(byName.gcs!.ignoredOptions).toEqual([]);
  });

  it('refuses to parse an encrypted rclone.conf as a plain one, saying its password is needed', () => {
    const encrypted = '# Encrypted rclone configuration File\n\nRCLONE_ENCRYPT_V0:\nmW3vQJ4yq0Vb3mFQy7uQn2m5pU0PZcR5Yk2vDQ==\n';
    expect(() => parseRcloneConf(encrypted)).toThrow(expect.objectContaining({ message: 'This rclone.conf is encrypted: decrypt it with its rclone config password first.', reason: 'password-required' }));
  });
});
