import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataStore } from '../../src/engine/dataStore.js';
import { appSecretPolicy } from '../../src/engine/appSecretPolicy.js';
import { runCli as runBuiltCli, type CliResult } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { startFtpServer, type TestFtpServer } from '../harness/ftpServer.js';
import { startWebdavServer, type TestWebdavServer } from '../harness/webdavServer.js';

const tempDir = useTempDirs();
const FTP_PASSWORD = 'ftp pass=w0rd;#';
const DAV_PASSWORD = 'dav:secret+2/x';
const SECRETS = [FTP_PASSWORD, DAV_PASSWORD, 'wrong-ftp-pass-7'];
let ftp: TestFtpServer;
let dav: TestWebdavServer;

beforeAll(async () => {
  [ftp, dav] = await Promise.all([startFtpServer('alice', FTP_PASSWORD), startWebdavServer('bob', DAV_PASSWORD)]);
  writeFileSync(join(ftp.root, 'from-ftp.txt'), 'hello');
  writeFileSync(join(dav.root, 'from-dav.txt'), 'hello');
});
afterAll(async () => {
  await Promise.all([ftp?.close(), dav?.close()]);
});

/** The built CLI; a secret in its argv would be a bug (`ps` shows argv). */
function runCli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  for (const arg of args) for (const secret of SECRETS) expect(arg).not.toContain(secret);
  return runBuiltCli(args, options);
}

/** What the store in `dir` holds, read directly after the CLI closed it. */
function stored(dir: string) {
  const { store } = openDataStore(dir, appSecretPolicy);
  try {
    return Object.fromEntries(store.cloudCredentials.decryptAll().map((record) => [record.name, { provider: record.type, attributes: record.attributes, lastCheck: store.cloudCredentials.get(record.id).lastCheck }]));
  } finally {
    store.close();
  }
}

/** Real rclone on an exported file, as a user would run it; asynchronous, as the servers run here. */
function rcloneLsjson(config: string, remote: string, home: string): Promise<{ code: number | null; names: string[]; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('rclone', ['--config', config, '--contimeout', '15s', 'lsjson', `${remote}:`], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, names: code === 0 ? (JSON.parse(stdout) as Array<{ Name: string }>).map((entry) => entry.Name) : [], stderr }));
  });
}

describe('nasconsole cloud', () => {
  it('adds, shows, edits, verifies and deletes an FTP credential against a real FTP server', async () => {
    const dir = tempDir();
    const base = ['--data-dir', dir, 'cloud'];
    const attributes = { host: ftp.host, port: ftp.port, user: 'alice', pass: FTP_PASSWORD };

    const added = await runCli([...base, 'add', 'backup-ftp', '--provider', 'FTP', '--attributes-file', '-', '--verify', '--json'], { input: JSON.stringify(attributes) });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).not.toContain(FTP_PASSWORD);
    expect(added.json().credential).toMatchObject({ name: 'backup-ftp', provider: 'FTP', attributes: { ...attributes, pass: '********' }, lastCheck: { ok: true } });
    expect(stored(dir)['backup-ftp']).toMatchObject({ provider: 'FTP', attributes, lastCheck: { ok: true, message: null } });

    const shown = await runCli([...base, 'show', 'backup-ftp']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/pass\s+\*{8}/);
    expect(shown.stdout).not.toContain(FTP_PASSWORD);
    expect((await runCli([...base, 'show', 'backup-ftp', '--json'])).json()).toMatchObject({ attributes: { pass: '********' }, hidden: ['pass'] });
    expect((await runCli([...base, 'show', 'backup-ftp', '--reveal', '--json'])).json().attributes.pass).toBe(FTP_PASSWORD);

    // The shown JSON given back keeps the secret; a new password from a file replaces it.
    const showJson = (await runCli([...base, 'show', 'backup-ftp', '--json'])).json();
    const renamed = await runCli([...base, 'edit', 'backup-ftp', '--name', 'offsite-ftp', '--attributes-file', '-'], { input: JSON.stringify(showJson.attributes) });
    expect(renamed.code, renamed.stderr).toBe(0);
    expect(stored(dir)['offsite-ftp']!.attributes).toEqual(attributes);
    const wrongFile = join(tempDir(), 'wrong.json');
    writeFileSync(wrongFile, JSON.stringify({ pass: 'wrong-ftp-pass-7' }));
    // --verify refuses what does not verify: nothing saved, nothing recorded.
    const refused = await runCli([...base, 'edit', 'offsite-ftp', '--attributes-file', wrongFile, '--verify']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^nasconsole: Not saved: failed to make FTP connection to "127\.0\.0\.1:\d+": 530 Invalid username or password\n$/);
    expect(stored(dir)['offsite-ftp']).toMatchObject({ attributes, lastCheck: null });
    expect((await runCli([...base, 'edit', 'offsite-ftp', '--attributes-file', wrongFile])).code).toBe(0);
    expect(stored(dir)['offsite-ftp']!.attributes).toEqual({ ...attributes, pass: 'wrong-ftp-pass-7' });

    const invalid = await runCli([...base, 'verify', 'offsite-ftp']);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toBe('');
    expect(invalid.stderr).toMatch(/^nasconsole: offsite-ftp: failed to make FTP connection to "127\.0\.0\.1:\d+": 530 Invalid username or password\n$/);
    expect(stored(dir)['offsite-ftp']!.lastCheck).toMatchObject({ ok: false, message: expect.stringContaining('530') });

    writeFileSync(wrongFile, JSON.stringify({ pass: FTP_PASSWORD }));
    expect((await runCli([...base, 'edit', 'offsite-ftp', '--attributes-file', wrongFile])).code).toBe(0);
    const valid = await runCli([...base, 'verify', 'offsite-ftp', '--json']);
    expect(valid.code).toBe(0);
    expect(valid.json()).toMatchObject({ name: 'offsite-ftp', ok: true, recorded: true });
    expect((await runCli([...base, 'list', '--json'])).json()).toEqual([{ id: expect.any(Number), name: 'offsite-ftp', provider: 'FTP', providerLabel: 'FTP', lastCheck: { ok: true, message: null, at: expect.any(String) } }]);

    expect((await runCli([...base, 'delete', 'offsite-ftp', '--json'])).json()).toEqual({ deleted: 'offsite-ftp' });
    expect(stored(dir)).toEqual({});
    const audit = (await runCli(['--data-dir', dir, 'audit', '--json'])).json() as Array<{ action: string; record: string; detail: string | null }>;
    expect(audit.map((entry) => entry.action).slice(0, 5)).toEqual(['delete', 'update', 'update', 'update', 'create']);
    expect(JSON.stringify(audit)).not.toMatch(/ftp pass|wrong-ftp-pass/);
  });

  it('refuses invalid attributes with every field problem on one line and exit 1; bad usage exits 2', async () => {
    const dir = tempDir();
    const bad = await runCli(['--data-dir', dir, 'cloud', 'add', 'x', '--provider', 'SFTP', '--attributes-file', '-'], { input: '{"host":"sftp://h","port":0}' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('nasconsole: Host must be the host name only, without a scheme such as ftp:// or sftp://. Port must be from 1 to 65535. Username is required. Enter a Password or choose a Private Key: one of them is needed to log in.\n');
    const notJson = await runCli(['--data-dir', dir, 'cloud', 'add', 'x', '--provider', 'FTP', '--attributes-file', '-'], { input: '{"pass": "s3cr3t-in-bad-json' });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).not.toContain('s3cr3t');
    expect((await runCli(['--data-dir', dir, 'cloud', 'add', 'x', '--provider', 'NOPE'])).code).toBe(2);
    expect((await runCli(['--data-dir', dir, 'cloud', 'verify', 'missing'])).stderr).toBe('nasconsole: No cloud credential named "missing".\n');
    expect(stored(dir)).toEqual({});
  });

  it('prints the declarative provider table: all 19 providers with their attribute keys', async () => {
    const result = await runCli(['cloud', 'providers', '--json']);
    expect(result.code).toBe(0);
    const table = result.json() as Array<{ id: string; rcloneType: string; fields: Array<{ key: string; type: string; required: boolean; label: string }> }>;
    const keys = Object.fromEntries(table.map((entry) => [entry.id, entry.fields.map((field) => `${field.key}${field.required ? '*' : ''}`).join(' ')]));
    expect(keys).toEqual({
      S3: 'access_key_id* secret_access_key* max_upload_parts endpoint region skip_region signatures_v2 provider force_path_style sign_accept_encoding',
      B2: 'account* key*',
      BOX: 'client_id client_secret token*',
      DROPBOX: 'client_id client_secret token*',
      FTP: 'host* port user* pass',
      GOOGLE_CLOUD_STORAGE: 'service_account_credentials*',
      GOOGLE_DRIVE: 'client_id client_secret token* team_drive',
      GOOGLE_PHOTOS: 'client_id client_secret token*',
      HTTP: 'url*',
      HUBIC: 'token*',
      MEGA: 'user* pass*',
      AZUREBLOB: 'account* key* endpoint',
      ONEDRIVE: 'client_id client_secret token* drive_type* drive_id*',
      OPENSTACK_SWIFT: 'user key auth* auth_version tenant tenant_id auth_token user_id domain tenant_domain application_credential_id application_credential_name application_credential_secret region storage_url endpoint_type',
      PCLOUD: 'client_id client_secret token* hostname',
      SFTP: 'host* port user* pass private_key',
      STORJ_IX: 'access_key_id* secret_access_key* endpoint',
      WEBDAV: 'url* vendor* user* pass*',
      YANDEX: 'client_id client_secret token*',
    });
    expect(table.find((entry) => entry.id === 'SFTP')!.fields.find((field) => field.key === 'private_key')).toMatchObject({ type: 'keypair', label: 'Private Key ID' });
    expect((await runCli(['cloud', 'providers'])).stdout).toContain('GOOGLE_DRIVE  Google Drive  (rclone drive; login: rclone authorize "drive")');
  });

  it('lists every subcommand with examples in --help', async () => {
    for (const command of [['cloud'], ['cloud', 'providers'], ['cloud', 'list'], ['cloud', 'show'], ['cloud', 'add'], ['cloud', 'edit'], ['cloud', 'verify'], ['cloud', 'delete'], ['rclone'], ['rclone', 'export'], ['rclone', 'import']]) {
      const help = await runCli([...command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Examples?:\n {2}.*nasconsole (cloud|rclone) /);
    }
    const top = await runCli(['--help']);
    expect(top.stdout).toMatch(/\n {2}cloud\b/);
    expect(top.stdout).toMatch(/\n {2}rclone\b/);
  });
});

describe('nasconsole rclone', () => {
  it('exports an rclone.conf that rclone uses directly, and imports it back into another data dir', async () => {
    const dir = tempDir();
    const ftpAttributes = { host: ftp.host, port: ftp.port, user: 'alice', pass: FTP_PASSWORD };
    const davAttributes = { url: dav.url, vendor: 'OTHER', user: 'bob', pass: DAV_PASSWORD };
    expect((await runCli(['--data-dir', dir, 'cloud', 'add', 'my ftp', '--provider', 'FTP', '--attributes-file', '-'], { input: JSON.stringify(ftpAttributes) })).code).toBe(0);
    expect((await runCli(['--data-dir', dir, 'cloud', 'add', 'dav', '--provider', 'WEBDAV', '--attributes-file', '-'], { input: JSON.stringify(davAttributes) })).code).toBe(0);

    const conf = join(tempDir(), 'rclone.conf');
    const exported = await runCli(['--data-dir', dir, 'rclone', 'export', '--to', conf, '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.json()).toEqual({ exported: ['dav', 'my ftp'], encrypted: false, path: conf });
    expect(statSync(conf).mode & 0o777).toBe(0o600);
    const text = readFileSync(conf, 'utf8');
    for (const secret of [FTP_PASSWORD, DAV_PASSWORD]) expect(text).not.toContain(secret);

    const home = tempDir();
    expect(await rcloneLsjson(conf, 'my ftp', home)).toMatchObject({ code: 0, names: ['from-ftp.txt'] });
    expect(await rcloneLsjson(conf, 'dav', home)).toMatchObject({ code: 0, names: ['from-dav.txt'] });

    const onlyFtp = await runCli(['--data-dir', dir, 'rclone', 'export', '--name', 'my ftp']);
    expect(onlyFtp.stdout).toMatch(/^# rclone configuration exported by nasconsole/);
    expect(onlyFtp.stdout).toContain('[my ftp]\ntype = ftp\n');
    expect(onlyFtp.stdout).not.toContain('[dav]');

    const other = tempDir();
    const imported = await runCli(['--data-dir', other, 'rclone', 'import', conf, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.json().imported.map((entry: { name: string }) => entry.name)).toEqual(['dav', 'my ftp']);
    expect(stored(other)).toEqual({
      dav: { provider: 'WEBDAV', attributes: davAttributes, lastCheck: null },
      'my ftp': { provider: 'FTP', attributes: ftpAttributes, lastCheck: null },
    });
    const again = await runCli(['--data-dir', other, 'rclone', 'import', '-', '--rename'], { input: text });
    expect(again.stdout).toContain('imported dav-2 (WEBDAV): was dav');
    expect(Object.keys(stored(other)).sort()).toEqual(['dav', 'dav-2', 'my ftp', 'my ftp-2']);
  });

  it('skips and lists remotes it cannot map', async () => {
    const dir = tempDir();
    const conf = join(tempDir(), 'mixed.conf');
    writeFileSync(conf, '[local]\ntype = local\n\n[agent]\ntype = sftp\nhost = h\nuser = u\nkey_use_agent = true\n\n[web]\ntype = http\nurl = https://example.com/\n');
    const result = await runCli(['--data-dir', dir, 'rclone', 'import', conf]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe([
      'Imported 1, skipped 2.',
      '  imported web (HTTP)',
      '  skipped local: rclone backend "local" has no matching provider here',
      '  skipped agent: authenticates with ssh-agent, which a stored credential cannot hold',
      '',
    ].join('\n'));
    expect(Object.keys(stored(dir))).toEqual(['web']);
  });

  it('asks for the password of an encrypted rclone.conf, refuses a wrong one, and imports nothing then', async () => {
    const dir = tempDir();
    const conf = join(tempDir(), 'encrypted.conf');
    writeFileSync(conf, '# Encrypted rclone configuration File\n\nRCLONE_ENCRYPT_V0:\nx2qG6oCJyqw1oC9MGXHfHEnzLOxm4mBKv9lMbAQ8kQ1Z0sCwYYWJ8bE=\n');
    const noTerminal = await runCli(['--data-dir', dir, 'rclone', 'import', conf]);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toMatch(/^nasconsole: rclone config password needed: give it with a --\*-file or --\*-env option/);
    const wrong = await runCli(['--data-dir', dir, 'rclone', 'import', conf, '--password-env', 'CONF_PASS'], { env: { CONF_PASS: 'not it' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('nasconsole: The rclone config password is wrong (or the encrypted rclone.conf is damaged).\n');
    expect(stored(dir)).toEqual({});
    expect((await runCli(['--data-dir', dir, 'rclone', 'import', join(dir, 'missing.conf')])).stderr).toMatch(/^nasconsole: Cannot read .*missing\.conf: ENOENT\.\n$/);
  });
});
