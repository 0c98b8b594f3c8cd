import { describe, expect, it } from 'vitest';
import { findProvider, isSecretAttribute, providerTable, providers } from '../../src/providers/index.js';

// The issue's table, with what TrueNAS added since (Storj, Swift's v3 and application-credential
// attributes, Azure's endpoint, S3's provider options): provider id, rclone type, attributes
// (* = required, (x) = default).
const ISSUE_TABLE: Array<[string, string, string]> = [
  ['S3', 's3', 'access_key_id*, secret_access_key*, max_upload_parts(10000), endpoint, region, skip_region, signatures_v2, provider(Other), force_path_style(true), sign_accept_encoding(true)'],
  ['B2', 'b2', 'account*, key*'],
  ['BOX', 'box', 'client_id, client_secret, token*'],
  ['DROPBOX', 'dropbox', 'client_id, client_secret, token*'],
  ['FTP', 'ftp', 'host*, port(21), user*, pass'],
  ['GOOGLE_CLOUD_STORAGE', 'google cloud storage', 'service_account_credentials*'],
  ['GOOGLE_DRIVE', 'drive', 'client_id, client_secret, token*, team_drive'],
  ['GOOGLE_PHOTOS', 'google photos', 'client_id, client_secret, token*'],
  ['HTTP', 'http', 'url*'],
  ['HUBIC', 'hubic', 'token*'],
  ['MEGA', 'mega', 'user*, pass*'],
  ['AZUREBLOB', 'azureblob', 'account*, key*, endpoint'],
  ['ONEDRIVE', 'onedrive', 'client_id, client_secret, token*, drive_type*, drive_id*'],
  ['OPENSTACK_SWIFT', 'swift', 'user, key, auth*, auth_version, tenant, tenant_id, auth_token, user_id, domain, tenant_domain, application_credential_id, application_credential_name, application_credential_secret, region, storage_url, endpoint_type'],
  ['PCLOUD', 'pcloud', 'client_id, client_secret, token*, hostname'],
  ['SFTP', 'sftp', 'host*, port(22), user*, pass, private_key'],
  ['STORJ_IX', 's3', 'access_key_id*, secret_access_key*, endpoint(https://gateway.storjshare.io/)'],
  ['WEBDAV', 'webdav', 'url*, vendor*, user*, pass*'],
  ['YANDEX', 'yandex', 'client_id, client_secret, token*'],
];

function parseAttributes(spec: string) {
  return spec.split(', ').map((item) => {
    const match = /^(\w+)(\*)?(?:\((.+)\))?$/.exec(item)!;
    return { key: match[1], required: Boolean(match[2]), default: match[3] ?? null };
  });
}

describe('the provider table', () => {
  it('declares the 19 providers of TrueNAS, in the seed\'s order (Storj where TrueNAS lists it), with their rclone types', () => {
    const table = providerTable();
    expect(table.map((entry) => [entry.id, entry.rcloneType])).toEqual(ISSUE_TABLE.map(([id, type]) => [id, type]));
  });

  it.each(ISSUE_TABLE)('%s has the attribute keys, required flags and defaults of the issue', (id, _type, spec) => {
    const entry = providerTable().find((candidate) => candidate.id === id)!;
    const declared = entry.fields.map((field) => ({ key: field.key, required: field.required, default: field.default === null ? null : String(field.default) }));
    expect(declared).toEqual(parseAttributes(spec));
  });

  it('is plain JSON that survives a round trip (what `cloud providers --json` prints)', () => {
    const table = providerTable();
    expect(JSON.parse(JSON.stringify(table))).toEqual(table);
    for (const entry of table) {
      for (const field of entry.fields) {
        expect(field.label).not.toBe('');
        expect(field.help.length).toBeGreaterThan(10);
        expect(field.maxLength).toBeGreaterThan(0);
      }
    }
  });

  it('keeps the seed\'s folded groups for advanced options', () => {
    const groups = (id: string) => Object.fromEntries(providerTable().find((e) => e.id === id)!.fields.map((f) => [f.key, f.advanced]));
    expect(groups('S3')).toMatchObject({ endpoint: 'Amazon S3 Advanced Options', signatures_v2: 'Amazon S3 Advanced Options', access_key_id: null });
    expect(groups('OPENSTACK_SWIFT')).toMatchObject({ tenant: 'Advanced Options', auth_token: 'Advanced Options', region: 'Endpoint Advanced Options', endpoint_type: 'Endpoint Advanced Options', auth: null });
  });

  it('offers the choices of the issue', () => {
    const choices = (id: string, key: string) => providerTable().find((e) => e.id === id)!.fields.find((f) => f.key === key)!.choices!.map((c) => c.value);
    expect(choices('ONEDRIVE', 'drive_type')).toEqual(['PERSONAL', 'BUSINESS', 'DOCUMENT_LIBRARY']);
    expect(choices('OPENSTACK_SWIFT', 'auth_version')).toEqual(['0', '1', '2', '3']);
    expect(choices('OPENSTACK_SWIFT', 'endpoint_type')).toEqual(['public', 'internal', 'admin']);
    expect(choices('WEBDAV', 'vendor')).toEqual(['NEXTCLOUD', 'OWNCLOUD', 'SHAREPOINT', 'OTHER']);
  });

  it('uses the seed\'s labels', () => {
    const label = (id: string, key: string) => findProvider(id).fields.find((f) => f.key === key)!.label;
    expect(label('S3', 'access_key_id')).toBe('Access Key ID');
    expect(label('B2', 'account')).toBe('Key ID');
    expect(label('GOOGLE_CLOUD_STORAGE', 'service_account_credentials')).toBe('Preview JSON Service Account Key');
    expect(label('OPENSTACK_SWIFT', 'key')).toBe('API Key or Password');
    expect(label('SFTP', 'private_key')).toBe('Private Key ID');
    expect(label('WEBDAV', 'vendor')).toBe('WebDav Service');
    expect(label('ONEDRIVE', 'drive_type')).toBe('Drive Account Type');
    expect(findProvider('GOOGLE_CLOUD_STORAGE').fields[0]!.fileInput?.label).toBe('Choose File');
  });

  it('marks passwords, keys, tokens and key files secret, and ids, hosts and names not', () => {
    const secret = ['S3.secret_access_key', 'STORJ_IX.secret_access_key', 'OPENSTACK_SWIFT.application_credential_secret', 'B2.key', 'BOX.token', 'BOX.client_secret', 'FTP.pass', 'GOOGLE_CLOUD_STORAGE.service_account_credentials', 'HUBIC.token', 'MEGA.pass', 'AZUREBLOB.key', 'OPENSTACK_SWIFT.key', 'OPENSTACK_SWIFT.auth_token', 'SFTP.pass', 'WEBDAV.pass', 'ONEDRIVE.token'];
    const visible = ['S3.access_key_id', 'S3.endpoint', 'STORJ_IX.endpoint', 'OPENSTACK_SWIFT.domain', 'B2.account', 'BOX.client_id', 'FTP.host', 'FTP.port', 'FTP.user', 'AZUREBLOB.account', 'SFTP.private_key', 'WEBDAV.url', 'ONEDRIVE.drive_id', 'HTTP.url'];
    for (const item of secret) expect(isSecretAttribute(...(item.split('.') as [string, string])), item).toBe(true);
    for (const item of visible) expect(isSecretAttribute(...(item.split('.') as [string, string])), item).toBe(false);
  });

  it('treats unknown providers and unknown keys as secret', () => {
    expect(isSecretAttribute('NOPE', 'host')).toBe(true);
    expect(isSecretAttribute('FTP', 'password')).toBe(true);
  });

  it('names the valid ids when a provider is unknown', () => {
    expect(() => findProvider('S4')).toThrow(/Unknown provider "S4": use one of S3, B2, BOX, .*YANDEX\./);
  });

  it('declares an authorize type exactly for the OAuth providers', () => {
    const oauth = providers.filter((p) => p.oauth).map((p) => [p.id, p.oauth!.authorizeType]);
    expect(oauth).toEqual([
      ['BOX', 'box'], ['DROPBOX', 'dropbox'], ['GOOGLE_DRIVE', 'drive'], ['GOOGLE_PHOTOS', 'google photos'],
      ['HUBIC', 'hubic'], ['ONEDRIVE', 'onedrive'], ['PCLOUD', 'pcloud'], ['YANDEX', 'yandex'],
    ]);
  });
});
