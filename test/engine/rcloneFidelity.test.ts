import { fakePemBlock } from '../fixtures/fakeKeys.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appSecretPolicy } from '../../src/cli/context.js';
import { editCloudCredential, exportCloudCredentialsToRclone, importRcloneConf, KeyFilesNamedError, readRcloneConfFile } from '../../src/engine/cloud/index.js';
import { openDataStore } from '../../src/engine/dataStore.js';
import { describeKey } from '../../src/engine/ssh/index.js';
import { reveal } from '../../src/engine/rclone/index.js';
import { findProvider } from '../../src/providers/index.js';
import { useTempDirs } from '../helpers/tempDir.js';

const tempDir = useTempDirs();
const openStore = () => openDataStore(join(tempDir(), 'data'), appSecretPolicy).store;

const TOKEN = '{"access_token":"ya29.fake","token_type":"Bearer","refresh_token":"1//0fake","expiry":"2030-01-01T00:00:00Z"}';
const SERVICE_ACCOUNT = JSON.stringify({ type: 'service_account', project_id: 'p-1', private_key: fakePemBlock('PRIVATE KEY', 'MIIE'), client_email: 'a@p-1.iam.gserviceaccount.com' });
const S3_DEFAULTS = { max_upload_parts: 10000, provider: 'Other', force_path_style: true, sign_accept_encoding: true };

/** rclone with a private home; RCLONE_CONFIG_PASS when a password is given (test values only). */
function rclone(config: string, args: string[], password?: string): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(config, '..') };
  if (password !== undefined) env.RCLONE_CONFIG_PASS = password;
  return spawnSync('rclone', ['--config', config, '--ask-password=false', ...args], { env, encoding: 'utf8' });
}

function rcloneCreate(config: string, name: string, backend: string, options: Record<string, string>, password?: string): void {
  const result = rclone(config, ['config', 'create', name, backend, ...Object.entries(options).flat(), '--non-interactive'], password);
  if (result.status !== 0) throw new Error(`rclone config create ${name}: ${result.stderr}`);
}

function rcloneDump(config: string, password?: string): Record<string, Record<string, string>> {
  const result = rclone(config, ['config', 'dump'], password);
  if (result.status !== 0) throw new Error(`rclone config dump: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, Record<string, string>>;
}

/**
 * Remotes as people have them, each made by `rclone config create` (rclone's wizard writes the
 * same): backend, options, and the provider and stored attributes the import must give.
 */
const REMOTES: Array<{ name: string; backend: string; options: Record<string, string>; provider: string; attributes: Record<string, unknown>; kept?: string[] }> = [
  { name: 'aws', backend: 's3', options: { provider: 'AWS', access_key_id: 'AKIAIOSFODNN7EXAMPLE', secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'eu-west-1', session_token: 'FwoGZXIvYXdzEXAMPLETOKEN', storage_class: 'STANDARD_IA' }, provider: 'S3', attributes: { ...S3_DEFAULTS, provider: 'AWS', access_key_id: 'AKIAIOSFODNN7EXAMPLE', secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'eu-west-1' }, kept: ['session_token', 'storage_class'] },
  { name: 'wasabi', backend: 's3', options: { provider: 'Wasabi', access_key_id: 'WASABIKEY0123456789A', secret_access_key: 'wasabisecret0123456789', endpoint: 's3.wasabisys.com' }, provider: 'S3', attributes: { ...S3_DEFAULTS, provider: 'Wasabi', access_key_id: 'WASABIKEY0123456789A', secret_access_key: 'wasabisecret0123456789', endpoint: 's3.wasabisys.com' } },
  { name: 'spaces', backend: 's3', options: { provider: 'DigitalOcean', access_key_id: 'DOKEY0123456789ABCDE', secret_access_key: 'dosecret0123456789abcdef', endpoint: 'nyc3.digitaloceanspaces.com', acl: 'private' }, provider: 'S3', attributes: { ...S3_DEFAULTS, provider: 'DigitalOcean', access_key_id: 'DOKEY0123456789ABCDE', secret_access_key: 'dosecret0123456789abcdef', endpoint: 'nyc3.digitaloceanspaces.com' }, kept: ['acl'] },
  { name: 'minio', backend: 's3', options: { provider: 'Minio', access_key_id: 'minioadmin', secret_access_key: 'minioadmin', endpoint: 'http://minio.lan:9000', v2_auth: 'true', force_path_style: 'false' }, provider: 'S3', attributes: { ...S3_DEFAULTS, provider: 'Minio', access_key_id: 'minioadmin', secret_access_key: 'minioadmin', endpoint: 'http://minio.lan:9000', signatures_v2: true, force_path_style: false } },
  { name: 'storj', backend: 's3', options: { provider: 'Storj', access_key_id: 'jwxs4bzmotbnp4hbzjw4rqmnqvta', secret_access_key: 'jzoxhkfglmrnoxunqcd2pltasdfiwuqzduj6tbcbtbnqbeodlleeq', endpoint: 'gateway.storjshare.io' }, provider: 'STORJ_IX', attributes: { access_key_id: 'jwxs4bzmotbnp4hbzjw4rqmnqvta', secret_access_key: 'jzoxhkfglmrnoxunqcd2pltasdfiwuqzduj6tbcbtbnqbeodlleeq', endpoint: 'gateway.storjshare.io' } },
  { name: 'b2', backend: 'b2', options: { account: '0012a3b4c5d6e7f0000000001', key: 'K001abcdefghijklmnopqrstuvwxyz0', hard_delete: 'true' }, provider: 'B2', attributes: { account: '0012a3b4c5d6e7f0000000001', key: 'K001abcdefghijklmnopqrstuvwxyz0' }, kept: ['hard_delete'] },
  { name: 'box', backend: 'box', options: { token: TOKEN, box_sub_type: 'enterprise' }, provider: 'BOX', attributes: { token: TOKEN }, kept: ['box_sub_type'] },
  { name: 'dropbox', backend: 'dropbox', options: { client_id: 'app', client_secret: 'appsecret', token: TOKEN }, provider: 'DROPBOX', attributes: { client_id: 'app', client_secret: 'appsecret', token: TOKEN } },
  { name: 'drive', backend: 'drive', options: { token: TOKEN, scope: 'drive', team_drive: '0ABCdefGHIjkl' }, provider: 'GOOGLE_DRIVE', attributes: { token: TOKEN, team_drive: '0ABCdefGHIjkl' }, kept: ['scope'] },
  { name: 'gcs', backend: 'gcs', options: { service_account_credentials: SERVICE_ACCOUNT, bucket_policy_only: 'true' }, provider: 'GOOGLE_CLOUD_STORAGE', attributes: { service_account_credentials: SERVICE_ACCOUNT }, kept: ['bucket_policy_only'] },
  { name: 'photos', backend: 'gphotos', options: { token: TOKEN, read_only: 'true' }, provider: 'GOOGLE_PHOTOS', attributes: { token: TOKEN }, kept: ['read_only'] },
  { name: 'web', backend: 'http', options: { url: 'https://downloads.example.com/pub/' }, provider: 'HTTP', attributes: { url: 'https://downloads.example.com/pub/' } },
  { name: 'onedrive', backend: 'onedrive', options: { token: TOKEN, drive_id: 'b!abc', drive_type: 'business' }, provider: 'ONEDRIVE', attributes: { token: TOKEN, drive_id: 'b!abc', drive_type: 'BUSINESS' } },
  { name: 'pcloud', backend: 'pcloud', options: { token: TOKEN, hostname: 'eapi.pcloud.com' }, provider: 'PCLOUD', attributes: { token: TOKEN, hostname: 'eapi.pcloud.com' } },
  { name: 'yandex', backend: 'yandex', options: { token: TOKEN }, provider: 'YANDEX', attributes: { token: TOKEN } },
  { name: 'ftp', backend: 'ftp', options: { host: 'ftp.example.com', user: 'nas', pass: 'ftp pass;#=', tls: 'true' }, provider: 'FTP', attributes: { host: 'ftp.example.com', port: 21, user: 'nas', pass: 'ftp pass;#=' }, kept: ['tls'] },
  { name: 'sftp', backend: 'sftp', options: { host: 'backup.example.com', port: '2222', user: 'nas', pass: 'sftp pass', idle_timeout: '5m' }, provider: 'SFTP', attributes: { host: 'backup.example.com', port: 2222, user: 'nas', pass: 'sftp pass' }, kept: ['idle_timeout'] },
  { name: 'swift', backend: 'swift', options: { user: 'nas', key: 'swift key', auth: 'https://keystone.example.com/v3', domain: 'Default', tenant: 'backups', tenant_domain: 'Default', auth_version: '3', endpoint_type: 'internal' }, provider: 'OPENSTACK_SWIFT', attributes: { user: 'nas', key: 'swift key', auth: 'https://keystone.example.com/v3', domain: 'Default', tenant: 'backups', tenant_domain: 'Default', auth_version: 3, endpoint_type: 'internal' } },
  { name: 'swift-app', backend: 'swift', options: { auth: 'https://keystone.example.com/v3', application_credential_id: 'ac-0001', application_credential_secret: 'ac secret' }, provider: 'OPENSTACK_SWIFT', attributes: { auth: 'https://keystone.example.com/v3', application_credential_id: 'ac-0001', application_credential_secret: 'ac secret' } },
  { name: 'nextcloud', backend: 'webdav', options: { url: 'https://cloud.example.com/remote.php/dav/files/nas/', vendor: 'nextcloud', user: 'nas', pass: 'app password' }, provider: 'WEBDAV', attributes: { url: 'https://cloud.example.com/remote.php/dav/files/nas/', vendor: 'NEXTCLOUD', user: 'nas', pass: 'app password' } },
  { name: 'azure', backend: 'azureblob', options: { account: 'nasbackups', key: 'bXlzZWNyZXRrZXk=', endpoint: 'https://nasbackups.blob.core.windows.net', access_tier: 'Cool' }, provider: 'AZUREBLOB', attributes: { account: 'nasbackups', key: 'bXlzZWNyZXRrZXk=', endpoint: 'https://nasbackups.blob.core.windows.net' }, kept: ['access_tier'] },
];

describe('rclone.conf remotes made by rclone itself', () => {
  it('imports each remote with the attributes it holds, keeping the backend options no field holds', async () => {
    const dir = tempDir();
    const conf = join(dir, 'rclone.conf');
    for (const remote of REMOTES) rcloneCreate(conf, remote.name, remote.backend, remote.options);
    const store = openStore();
    const report = await importRcloneConf(store, readRcloneConfFile(conf));
    expect(report.skipped).toEqual([]);
    for (const remote of REMOTES) {
      const entry = report.imported.find((candidate) => candidate.name === remote.name)!;
      expect(entry, remote.name).toMatchObject({ provider: remote.provider, ignoredOptions: [] });
      expect([...entry.keptOptions].sort(), remote.name).toEqual(remote.kept ?? []);
      const kept = remote.kept ? { extra_rclone_options: Object.fromEntries(remote.kept.map((option) => [option, remote.options[option]])) } : {};
      expect(store.cloudCredentials.get(remote.name).attributes, remote.name).toStrictEqual({ ...remote.attributes, ...kept });
    }
    store.close();
  });

  it('exports them so that rclone reads every option it was given back, passwords included', async () => {
    const dir = tempDir();
    const original = join(dir, 'original.conf');
    for (const remote of REMOTES) rcloneCreate(original, remote.name, remote.backend, remote.options);
    const store = openStore();
    await importRcloneConf(store, readRcloneConfFile(original));
    const exported = join(dir, 'exported.conf');
    exportCloudCredentialsToRclone(store, { to: exported });

    const before = rcloneDump(original);
    const after = rcloneDump(exported);
    for (const remote of REMOTES) {
      const obscured = findProvider(remote.provider).rclone.obscured ?? [];
      const plain = (options: Record<string, string>) => Object.fromEntries(Object.entries(options).map(([key, value]) => [key, obscured.includes(key) ? reveal(value) : value]));
      // rclone's spellings stay rclone's (drive_type business, vendor nextcloud); the type's prefix may become its name.
      const { type: _type, ...given } = plain(before[remote.name]!);
      expect(plain(after[remote.name]!), remote.name).toMatchObject(given);
    }
    store.close();
  });
});

describe('encrypted rclone.conf (rclone config password)', () => {
  // NFKC makes "ﬁ" and "fi" one password for rclone; the key must be derived the same way.
  const PASSWORD = 'config ﬁle pass Ⅻ';

  it('writes one that the real rclone decrypts with RCLONE_CONFIG_PASS, and reads one rclone re-encrypted', async () => {
    const dir = tempDir();
    const store = openStore();
    const plainConf = join(dir, 'plain.conf');
    for (const remote of REMOTES.slice(0, 4)) rcloneCreate(plainConf, remote.name, remote.backend, remote.options);
    await importRcloneConf(store, readRcloneConfFile(plainConf));

    const encrypted = join(dir, 'encrypted.conf');
    const written = exportCloudCredentialsToRclone(store, { to: encrypted, password: PASSWORD });
    expect(written.encrypted).toBe(true);
    const text = readFileSync(encrypted, 'utf8');
    expect(text).toMatch(/^# Encrypted rclone configuration File\n\nRCLONE_ENCRYPT_V0:\n[A-Za-z0-9+/]+=*\n$/);
    expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE');
    const exportedPlain = join(dir, 'exported-plain.conf');
    exportCloudCredentialsToRclone(store, { to: exportedPlain });
    // rclone normalizes the password (NFKC) as the key was derived: the ligature-free spelling opens it too.
    expect(rcloneDump(encrypted, 'config file pass XII')).toEqual(rcloneDump(exportedPlain));
    expect(rcloneDump(encrypted, PASSWORD)).toEqual(rcloneDump(exportedPlain));
    expect(rclone(encrypted, ['config', 'dump'], 'not the password').status).not.toBe(0);

    // rclone adds a remote to the encrypted file and writes it again with its own encryption.
    rcloneCreate(encrypted, 'added by rclone', 'http', { url: 'https://example.org/' }, PASSWORD);
    expect(readFileSync(encrypted, 'utf8')).not.toBe(text);
    const other = openStore();
    const report = await importRcloneConf(other, readRcloneConfFile(encrypted, PASSWORD));
    expect(report.imported.map((entry) => entry.name).sort()).toEqual(['added by rclone', 'aws', 'minio', 'spaces', 'wasabi']);
    expect(other.cloudCredentials.get('aws').attributes).toStrictEqual(store.cloudCredentials.get('aws').attributes);
    expect(() => readRcloneConfFile(encrypted, 'wrong')).toThrow('The rclone config password is wrong (or the encrypted rclone.conf is damaged).');
    expect(() => readRcloneConfFile(encrypted)).toThrow(expect.objectContaining({ reason: 'password-required' }));
    store.close();
    other.close();
  });
});

describe('SFTP keys named in an rclone.conf', () => {
  it('reads key files only when allowed, decrypts them with key_file_pass, and links one key used twice to one keypair', async () => {
    const dir = tempDir();
    const sshKey = join(dir, 'id_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'ssh key phrase', '-C', 'nas@rclone', '-f', sshKey]);
    const opensslKey = join(dir, 'openssl.p8');
    execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-aes-256-cbc', '-pass', 'pass:openssl phrase', '-out', opensslKey]);
    const conf = join(dir, 'keys.conf');
    rcloneCreate(conf, 'by ssh-keygen', 'sftp', { host: 'a.example.com', user: 'nas', key_file: sshKey, key_file_pass: 'ssh key phrase' });
    rcloneCreate(conf, 'by openssl', 'sftp', { host: 'b.example.com', user: 'nas', key_file: opensslKey, key_file_pass: 'openssl phrase' });
    rcloneCreate(conf, 'same key', 'sftp', { host: 'c.example.com', user: 'nas', key_file: sshKey, key_file_pass: 'ssh key phrase' });
    const text = readRcloneConfFile(conf);
    expect(text).not.toContain('ssh key phrase'); // rclone obscured it

    const store = openStore();
    const refusal = await importRcloneConf(store, text).then(() => undefined, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(KeyFilesNamedError);
    expect((refusal as KeyFilesNamedError).paths).toEqual([sshKey, opensslKey]);
    expect((refusal as KeyFilesNamedError).message).toBe(`This rclone.conf names key files on this machine: ${sshKey}, ${opensslKey}.`);
    expect(store.cloudCredentials.count() + store.keychain.count()).toBe(0);

    const report = await importRcloneConf(store, text, { allowKeyFiles: true });
    expect(report.skipped).toEqual([]);
    expect(report.imported.map((entry) => [entry.name, entry.keypair])).toEqual([
      ['by ssh-keygen', 'by ssh-keygen'],
      ['by openssl', 'by openssl'],
      ['same key', 'by ssh-keygen'],
    ]);
    expect(report.imported[2]!.notes).toEqual(['its key is the one keypair by ssh-keygen holds: linked to it']);
    const stored = store.keychain.get('by ssh-keygen').attributes;
    expect(String(stored.private_key)).toMatch(/^-{5}BEGIN OPENSSH PRIVATE KEY-{5}/);
    expect(describeKey(String(stored.private_key)).fingerprint).toBe(execFileSync('ssh-keygen', ['-l', '-f', `${sshKey}.pub`], { encoding: 'utf8' }).split(' ')[1]);
    // Stored without its passphrase: ssh-keygen reads the stored key with an empty one.
    const plainKey = join(dir, 'stored-key');
    writeFileSync(plainKey, String(stored.private_key), { mode: 0o600 });
    expect(execFileSync('ssh-keygen', ['-y', '-P', '', '-f', plainKey], { encoding: 'utf8' }).split(' ')[1]).toBe(readFileSync(`${sshKey}.pub`, 'utf8').split(' ')[1]);
    expect(store.cloudCredentials.get('same key').attributes.private_key).toBe(store.keychain.get('by ssh-keygen').id);
    store.close();
  });

  it('says which key file cannot be read, with control characters in its path escaped', async () => {
    const store = openStore();
    const text = '[odd]\ntype = sftp\nhost = h\nuser = u\nkey_file = /nonexistent/\x1b[2Jkey\n';
    await expect(importRcloneConf(store, text)).rejects.toThrow('This rclone.conf names key files on this machine: /nonexistent/\\e[2Jkey.');
    const report = await importRcloneConf(store, text, { allowKeyFiles: true });
    expect(report.skipped).toEqual([{ name: 'odd', reason: 'its key_file cannot be read here (Cannot read /nonexistent/\\e[2Jkey: ENOENT): paste the key into key_pem or import the keypair first' }]);
    store.close();
  });
});

describe('kept rclone options of an imported remote', () => {
  it('stay through an edit of other attributes, are replaced when given, and reach rclone on export', async () => {
    const store = openStore();
    await importRcloneConf(store, '[box]\ntype = ftp\nhost = ftp.example.com\nuser = nas\ntls = true\nexplicit_tls = false\n');
    await editCloudCredential(store, 'box', { attributes: { user: 'other' } });
    expect(store.cloudCredentials.get('box').attributes).toMatchObject({ user: 'other', extra_rclone_options: { tls: 'true', explicit_tls: 'false' } });
    expect(exportCloudCredentialsToRclone(store).text).toContain('[box]\ntype = ftp\nhost = ftp.example.com\nport = 21\nuser = other\ntls = true\nexplicit_tls = false\n');
    await editCloudCredential(store, 'box', { attributes: { extra_rclone_options: { explicit_tls: 'true' } } });
    expect(store.cloudCredentials.get('box').attributes.extra_rclone_options).toEqual({ explicit_tls: 'true' });
    await expect(editCloudCredential(store, 'box', { attributes: { extra_rclone_options: { ftp_command: 'x' } } })).rejects.toThrow(/names "ftp_command"/);
    await editCloudCredential(store, 'box', { attributes: { extra_rclone_options: null } });
    expect(store.cloudCredentials.get('box').attributes).not.toHaveProperty('extra_rclone_options');
    store.close();
  });
});

describe('rclone.conf files that must not do harm', () => {
  it('never expands %(name)s: a self-referencing [DEFAULT] variable is read as text and its remote skipped', async () => {
    const store = openStore();
    const text = ['[DEFAULT]', `x = ${'%(x)s'.repeat(64)}`, '[bomb]', 'type = http', 'url = %(x)s', '[fine]', 'type = http', 'url = https://example.org/'].join('\n');
    const report = await importRcloneConf(store, text);
    expect(report.imported.map((entry) => entry.name)).toEqual(['fine']);
    expect(report.skipped).toEqual([{ name: 'bomb', reason: 'option url uses a "%(name)s" variable, which is not expanded here: write the value out' }]);
    store.close();
  });

  it('refuses to write over an existing file unless forced, and never over a link', () => {
    const dir = tempDir();
    const store = openStore();
    const existing = join(dir, 'existing.conf');
    writeFileSync(existing, 'mine\n');
    expect(() => exportCloudCredentialsToRclone(store, { to: existing })).toThrow(expect.objectContaining({ reason: 'target-exists' }));
    expect(readFileSync(existing, 'utf8')).toBe('mine\n');
    exportCloudCredentialsToRclone(store, { to: existing, force: true });
    expect(readFileSync(existing, 'utf8')).toMatch(/^# rclone configuration exported by nasconsole/);
    const link = join(dir, 'link.conf');
    symlinkSync(existing, link);
    expect(() => exportCloudCredentialsToRclone(store, { to: link, force: true })).toThrow(/is a symbolic link/);
    expect(() => exportCloudCredentialsToRclone(store, { to: '/dev/null', force: true })).toThrow(/is not a regular file/);
    store.close();
  });
});
