import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { reveal, toRcloneSection } from '../../src/engine/rclone/index.js';
import { providers } from '../../src/providers/index.js';
import { VALID_ATTRIBUTES } from '../providers/samples.js';
import { fakeOpensshKey } from '../fixtures/fakeKeys.js';

const PEM = fakeOpensshKey('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAAAABAAAAMwAAAAtzc2gtZW');
const ctx = {
  resolveKeypair(id: number) {
    if (id !== 7) throw new Error(`no keypair ${id}`);
    return { privateKey: PEM };
  },
};
const section = (id: string, change: Record<string, unknown> = {}) => toRcloneSection(id, { ...VALID_ATTRIBUTES[id], ...change }, ctx);

describe('rclone remote options for a credential', () => {
  it('obscures exactly the options each backend of this rclone reads obscured (its IsPassword)', () => {
    const backends = JSON.parse(execFileSync('rclone', ['config', 'providers'], { encoding: 'utf8', maxBuffer: 32 << 20 })) as Array<{
      Name: string;
      Options: Array<{ Name: string; IsPassword?: boolean }>;
    }>;
    let checked = 0;
    for (const provider of providers) {
      const backend = backends.find((b) => b.Name === provider.rclone.type);
      if (!backend) continue; // Debian's rclone has no mega or hubic: see the mega test below
      const written = Object.keys(section(provider.id, provider.id === 'SFTP' ? { private_key: 7 } : {}));
      const rclonePasswords = backend.Options.filter((o) => o.IsPassword && written.includes(o.Name)).map((o) => o.Name);
      const obscured = provider.rclone.obscured ?? [];
      expect(obscured.filter((option) => written.includes(option)).sort(), provider.id).toEqual(rclonePasswords.sort());
      // Those only read on import (SFTP's key_file_pass) are rclone passwords too.
      for (const option of obscured) expect(backend.Options.find((o) => o.Name === option)?.IsPassword, `${provider.id} ${option}`).toBe(true);
      checked++;
    }
    expect(checked).toBe(17);
  });

  it('obscures the Mega password, as rclone\'s mega backend reads it (IsPassword in backend/mega)', () => {
    const options = section('MEGA');
    expect(options).toMatchObject({ type: 'mega', user: 'me@example.com' });
    expect(reveal(options.pass!)).toBe('mega password');
  });

  it('maps S3 to a generic S3 provider with its keys in clear and v2_auth for Signature V2', () => {
    expect(section('S3', { endpoint: 'http://127.0.0.1:9000', region: 'garage', signatures_v2: true, skip_region: true })).toEqual({
      type: 's3',
      provider: 'Other',
      env_auth: 'false',
      access_key_id: 'AKIAIOSFODNN7EXAMPLE',
      secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      max_upload_parts: '10000',
      endpoint: 'http://127.0.0.1:9000',
      region: 'garage',
      v2_auth: 'true',
      force_path_style: 'true',
      sign_accept_encoding: 'true',
    });
    expect(section('S3', { max_upload_parts: undefined }).max_upload_parts).toBe('10000');
    expect(section('S3').v2_auth).toBeUndefined();
  });

  it('keeps the Azure, Swift and B2 keys in clear, as those backends read them', () => {
    expect(section('AZUREBLOB')).toEqual({ type: 'azureblob', account: 'nasbackups', key: VALID_ATTRIBUTES.AZUREBLOB!.key, endpoint: 'https://nasbackups.blob.core.windows.net/' });
    expect(section('B2')).toEqual({ type: 'b2', account: VALID_ATTRIBUTES.B2!.account, key: VALID_ATTRIBUTES.B2!.key });
    expect(section('OPENSTACK_SWIFT')).toEqual({
      type: 'swift', user: 'tenant:user', key: 'swiftpass', auth: 'https://auth.example.com/v3', auth_version: '3', tenant: 'backups', domain: 'Default', tenant_domain: 'Default',
    });
  });

  it('writes Swift as TrueNAS hands it to rclone: auth_version 0 as "0", null auth_version and endpoint_type left out (rclone: auto, public)', () => {
    expect(section('OPENSTACK_SWIFT', { auth_version: 0 }).auth_version).toBe('0');
    expect(section('OPENSTACK_SWIFT', { auth_version: 'auto' }).auth_version).toBe('0');
    const nulls = section('OPENSTACK_SWIFT', { auth_version: null, endpoint_type: null, tenant_id: '' });
    expect(Object.keys(nulls)).not.toContain('auth_version');
    expect(Object.keys(nulls)).not.toContain('endpoint_type');
    expect(Object.keys(nulls)).not.toContain('tenant_id');
    const appCredential = section('OPENSTACK_SWIFT', { user: undefined, key: undefined, application_credential_id: 'ac1', application_credential_secret: 'acs', user_id: 'u1' });
    expect(appCredential).toMatchObject({ application_credential_id: 'ac1', application_credential_secret: 'acs', user_id: 'u1' });
  });

  it('writes Storj as rclone\'s s3 backend with its Storj provider settings', () => {
    expect(section('STORJ_IX')).toEqual({
      type: 's3', provider: 'Storj', env_auth: 'false', access_key_id: VALID_ATTRIBUTES.STORJ_IX!.access_key_id, secret_access_key: VALID_ATTRIBUTES.STORJ_IX!.secret_access_key, endpoint: 'https://gateway.storjshare.io/',
    });
  });

  it('writes the kept options of an imported remote back, never over a field\'s option and never one that reads local files', () => {
    const options = section('S3', { extra_rclone_options: { session_token: 'FwoGZXIvYXdzEXAMPLE', chunk_size: '64M', access_key_id: 'other', shared_credentials_file: '/root/.aws/credentials' } });
    expect(options).toMatchObject({ session_token: 'FwoGZXIvYXdzEXAMPLE', chunk_size: '64M', access_key_id: 'AKIAIOSFODNN7EXAMPLE' });
    expect(options.shared_credentials_file).toBeUndefined();
  });

  it('obscures FTP, SFTP and WebDAV passwords and fills default ports', () => {
    const ftp = section('FTP', { port: undefined });
    expect(ftp.port).toBe('21');
    expect(reveal(ftp.pass!)).toBe('hunter2 with spaces');
    const webdav = section('WEBDAV');
    expect(webdav).toMatchObject({ type: 'webdav', vendor: 'nextcloud', user: 'me' });
    expect(reveal(webdav.pass!)).toBe('app-password');
  });

  it('gives SFTP the keypair as key_pem on one line and never the ssh-agent', () => {
    const options = section('SFTP', { pass: undefined, private_key: 7 });
    expect(options).toMatchObject({ type: 'sftp', host: '192.0.2.10', port: '22', user: 'backup', key_use_agent: 'false' });
    expect(options.key_pem).toBe(PEM.replace(/\n/g, '\\n'));
    expect(options.pass).toBeUndefined();
    expect(() => section('SFTP', { private_key: 8 })).toThrow('no keypair 8');
  });

  it('maps OneDrive drive types and WebDAV vendors to rclone\'s spelling', () => {
    expect(section('ONEDRIVE', { drive_type: 'DOCUMENT_LIBRARY' }).drive_type).toBe('documentLibrary');
    expect(section('ONEDRIVE', { drive_type: 'BUSINESS' }).drive_type).toBe('business');
    expect(section('WEBDAV', { vendor: 'SHAREPOINT' }).vendor).toBe('sharepoint');
  });

  it('writes JSON attributes compact and derives the GCS project from the key', () => {
    const gcs = section('GOOGLE_CLOUD_STORAGE');
    expect(gcs.type).toBe('google cloud storage');
    expect(gcs.service_account_credentials).not.toContain('\n');
    expect(JSON.parse(gcs.service_account_credentials!).client_email).toMatch(/@nas-backups-123456/);
    expect(gcs.project_number).toBe('nas-backups-123456');
    expect(section('GOOGLE_PHOTOS').type).toBe('google photos');
    expect(JSON.parse(section('PCLOUD').token!).access_token).toBe('ya29.a0AfH6SMBfakeaccesstoken');
  });
});
