import { describe, expect, it } from 'vitest';
import { normalizeAttributes, providers, validateAttributes } from '../../src/providers/index.js';
import { findProvider } from '../../src/providers/index.js';
import { SERVICE_ACCOUNT, TOKEN, VALID_ATTRIBUTES } from './samples.js';

const errorsOf = (id: string, attributes: Record<string, unknown>) => validateAttributes(id, attributes).errors;
const warningsOf = (id: string, attributes: Record<string, unknown>) => validateAttributes(id, attributes).warnings;
const withValid = (id: string, change: Record<string, unknown>) => ({ ...VALID_ATTRIBUTES[id], ...change });

describe('generic field validation', () => {
  it.each(providers.map((p) => p.id))('accepts a complete, well-formed %s credential', (id) => {
    expect(validateAttributes(id, VALID_ATTRIBUTES[id]!)).toEqual({ errors: {}, warnings: {} });
  });

  it.each(providers.map((p) => p.id))('names every missing required field of %s at the field', (id) => {
    const required = findProvider(id).fields.filter((f) => f.required);
    const errors = errorsOf(id, {});
    for (const field of required) expect(errors[field.key]).toBe(`${field.label} is required.`);
  });

  it('treats blank and whitespace-only text as missing', () => {
    expect(errorsOf('FTP', withValid('FTP', { host: '   ' })).host).toBe('Host is required.');
    expect(errorsOf('FTP', withValid('FTP', { user: null })).user).toBe('Username is required.');
  });

  it('accepts ports 1 to 65535, as numbers or digits, and refuses the rest', () => {
    for (const port of [1, 21, '2121', 65535]) expect(errorsOf('FTP', withValid('FTP', { port })).port).toBeUndefined();
    for (const port of [0, 65536, -1, '99999']) expect(errorsOf('FTP', withValid('FTP', { port })).port).toBe('Port must be from 1 to 65535.');
    for (const port of ['twenty', 21.5, '21a']) expect(errorsOf('SFTP', withValid('SFTP', { port })).port).toBe('Port must be a whole number from 1 to 65535.');
  });

  it('refuses URLs without a valid scheme', () => {
    expect(errorsOf('HTTP', { url: 'ftp://example.com/' }).url).toBe('URL must start with https:// or http://.');
    expect(errorsOf('HTTP', { url: 'example.com/files' }).url).toMatch(/^URL is not a valid URL/);
    expect(errorsOf('WEBDAV', withValid('WEBDAV', { url: 'javascript:alert(1)' })).url).toBe('URL must start with https:// or http://.');
    expect(errorsOf('OPENSTACK_SWIFT', withValid('OPENSTACK_SWIFT', { storage_url: 'file:///etc' })).storage_url).toBe('Storage URL must start with https:// or http://.');
    expect(errorsOf('HTTP', { url: 'http://127.0.0.1:8080/pub/' }).url).toBeUndefined();
  });

  it('wants a host name, not a URL, in host fields', () => {
    expect(errorsOf('FTP', withValid('FTP', { host: 'ftp://ftp.example.com' })).host).toBe('Host must be the host name only, without a scheme such as ftp:// or sftp://.');
    expect(errorsOf('SFTP', withValid('SFTP', { host: 'nas.local/backups' })).host).toMatch(/^Host must be a host name or IP address/);
    expect(errorsOf('SFTP', withValid('SFTP', { host: '2001:db8::1' })).host).toBeUndefined();
  });

  it('enforces maximum lengths', () => {
    expect(errorsOf('FTP', withValid('FTP', { host: `${'a'.repeat(254)}` })).host).toBe('Host is too long: at most 253 characters.');
    expect(errorsOf('MEGA', withValid('MEGA', { pass: 'x'.repeat(1025) })).pass).toBe('Password is too long: at most 1024 characters.');
    expect(errorsOf('MEGA', withValid('MEGA', { pass: 'x'.repeat(1024) })).pass).toBeUndefined();
  });

  it('refuses line breaks and control characters in one-line fields', () => {
    expect(errorsOf('FTP', withValid('FTP', { pass: 'a\nb' })).pass).toBe('Password must be a single line without control characters.');
  });

  it('refuses a choice that is not offered, and accepts other spellings of one that is', () => {
    expect(errorsOf('ONEDRIVE', withValid('ONEDRIVE', { drive_type: 'SHARED' })).drive_type).toBe('Drive Account Type must be one of PERSONAL, BUSINESS, DOCUMENT_LIBRARY.');
    expect(errorsOf('ONEDRIVE', withValid('ONEDRIVE', { drive_type: 'documentLibrary' })).drive_type).toBeUndefined();
    expect(errorsOf('WEBDAV', withValid('WEBDAV', { vendor: 'nextcloud' })).vendor).toBeUndefined();
    // Stored as TrueNAS stores it: the integer; "auto" (what older nasconsole stored) is 0, rclone's auto.
    expect(normalizeAttributes(findProvider('OPENSTACK_SWIFT'), { auth_version: 'auto' }).auth_version).toBe(0);
    expect(normalizeAttributes(findProvider('OPENSTACK_SWIFT'), { auth_version: '3' }).auth_version).toBe(3);
    expect(normalizeAttributes(findProvider('OPENSTACK_SWIFT'), { auth_version: null, endpoint_type: null })).toEqual({});
    expect(errorsOf('OPENSTACK_SWIFT', withValid('OPENSTACK_SWIFT', { auth_version: 3 })).auth_version).toBeUndefined();
    expect(errorsOf('OPENSTACK_SWIFT', withValid('OPENSTACK_SWIFT', { auth_version: '4' })).auth_version).toBe('Auth Version must be one of 0, 1, 2, 3.');
    expect(errorsOf('OPENSTACK_SWIFT', withValid('OPENSTACK_SWIFT', { auth_version: true })).auth_version).toBe('Auth Version must be one of 0, 1, 2, 3.');
  });

  it('reads booleans from forms and files, and refuses other values', () => {
    expect(normalizeAttributes(findProvider('S3'), { signatures_v2: 'true', skip_region: 'no' })).toEqual({ signatures_v2: true, skip_region: false });
    expect(errorsOf('S3', withValid('S3', { signatures_v2: 'maybe' })).signatures_v2).toBe('Use Signature Version 2 must be true or false.');
  });

  it('warns about attributes the provider does not have, without refusing them', () => {
    const result = validateAttributes('FTP', withValid('FTP', { tls: true }));
    expect(result.errors).toEqual({});
    expect(result.warnings.tls).toBe('"tls" is not an attribute of FTP: it is ignored.');
  });
});

describe('JSON fields', () => {
  it('wants token JSON with an access_token', () => {
    expect(errorsOf('BOX', { token: 'T9cE5asGnuyYCCqIZFoWjFHvNbvVqHjl' }).token).toMatch(/^Access Token is not valid JSON.*Paste the JSON that rclone authorize prints/);
    expect(errorsOf('DROPBOX', { token: '{"refresh_token":"x"}' }).token).toBe('Access Token must contain a non-empty "access_token".');
    expect(errorsOf('YANDEX', { token: '["access_token"]' }).token).toMatch(/^Access Token must be a JSON object/);
    expect(errorsOf('YANDEX', { token: TOKEN }).token).toBeUndefined();
  });

  it('wants a service account key with type, project_id, private_key and client_email', () => {
    const key = JSON.parse(SERVICE_ACCOUNT) as Record<string, unknown>;
    const without = (name: string) => JSON.stringify({ ...key, [name]: undefined });
    expect(errorsOf('GOOGLE_CLOUD_STORAGE', { service_account_credentials: without('client_email') }).service_account_credentials).toBe(
      'Preview JSON Service Account Key is not a service account key: missing "client_email".',
    );
    expect(errorsOf('GOOGLE_CLOUD_STORAGE', { service_account_credentials: JSON.stringify({ ...key, type: 'authorized_user' }) }).service_account_credentials).toMatch(/"type" is "authorized_user"/);
    expect(errorsOf('GOOGLE_CLOUD_STORAGE', { service_account_credentials: '{"type":' }).service_account_credentials).toMatch(/is not valid JSON/);
  });
});

describe('provider rules', () => {
  it('holds AWS keys to the seed\'s shapes when the endpoint is empty, accepting "/", "+" and "="', () => {
    expect(errorsOf('S3', withValid('S3', { secret_access_key: 'abc+DEF/ghi=jkl0123456789abcdefghijklmn' }))).toEqual({});
    expect(errorsOf('S3', withValid('S3', { access_key_id: 'AKIA' })).access_key_id).toBe('Access Key ID must be 5 to 20 letters or digits.');
    expect(errorsOf('S3', withValid('S3', { access_key_id: 'AKIA-IOSFODNN7' })).access_key_id).toBe('Access Key ID must be 5 to 20 letters or digits.');
    expect(errorsOf('S3', withValid('S3', { secret_access_key: 'short' })).secret_access_key).toMatch(/^Secret Access Key must be 8 to 40 characters/);
    expect(errorsOf('S3', withValid('S3', { secret_access_key: 'x'.repeat(41) })).secret_access_key).toMatch(/^Secret Access Key must be 8 to 40 characters/);
  });

  it('only warns about non-AWS key shapes with a custom endpoint (a B2 key ID is 25 characters)', () => {
    const result = validateAttributes('S3', {
      access_key_id: '0012a3b4c5d6e7f0000000001',
      secret_access_key: 'K001abcdefghijklmnopqrstuvwxyz0123456789ABCD',
      endpoint: 'https://s3.us-west-004.backblazeb2.com',
    });
    expect(result.errors).toEqual({});
    expect(result.warnings.access_key_id).toMatch(/^Access Key ID must be 5 to 20 letters or digits\. That is the AWS format/);
    expect(result.warnings.secret_access_key).toMatch(/That is the AWS format/);
  });

  it('advises that Signature V2 and skipping the region are for custom endpoints', () => {
    const warnings = warningsOf('S3', withValid('S3', { signatures_v2: true, skip_region: true }));
    expect(warnings.signatures_v2).toMatch(/custom Endpoint URL/);
    expect(warnings.skip_region).toMatch(/custom Endpoint URL/);
    expect(warningsOf('S3', withValid('S3', { signatures_v2: true, endpoint: 'http://minio.lan:9000' })).signatures_v2).toBeUndefined();
  });

  it('limits S3 multipart uploads to 1..10000 parts', () => {
    expect(errorsOf('S3', withValid('S3', { max_upload_parts: 10001 })).max_upload_parts).toBe('Maximum Upload Parts must be from 1 to 10000.');
    expect(errorsOf('S3', withValid('S3', { max_upload_parts: '1000' })).max_upload_parts).toBeUndefined();
  });

  it('holds Azure account names to ^[a-z0-9.-]+$ and keys to base64', () => {
    expect(errorsOf('AZUREBLOB', withValid('AZUREBLOB', { account: 'NAS_Backups' })).account).toBe('Account Name may only contain lowercase letters, digits, "." and "-".');
    expect(errorsOf('AZUREBLOB', withValid('AZUREBLOB', { key: 'not base64!' })).key).toMatch(/^Account Key must be base64/);
    expect(errorsOf('AZUREBLOB', withValid('AZUREBLOB', { key: 'abc' })).key).toMatch(/^Account Key must be base64/);
  });

  it('wants B2 key IDs alphanumeric', () => {
    expect(errorsOf('B2', withValid('B2', { account: '0012-a3b4' })).account).toMatch(/^Key ID must be alphanumeric/);
  });

  it('needs an SFTP password or private key, and a keypair id as the key', () => {
    expect(errorsOf('SFTP', { host: 'nas', user: 'backup' }).private_key).toBe('Enter a Password or choose a Private Key: one of them is needed to log in.');
    expect(errorsOf('SFTP', { host: 'nas', user: 'backup', private_key: 3 })).toEqual({});
    expect(errorsOf('SFTP', { host: 'nas', user: 'backup', private_key: '3' })).toEqual({});
    expect(errorsOf('SFTP', { host: 'nas', user: 'backup', private_key: 'generate' }).private_key).toBe('Private Key ID must be the id of an SSH keypair.');
  });

  it('warns when an OAuth client ID comes without its secret, or the reverse', () => {
    expect(warningsOf('GOOGLE_DRIVE', withValid('GOOGLE_DRIVE', { client_id: 'abc.apps.googleusercontent.com' })).client_secret).toMatch(/needs its OAuth Client Secret/);
    expect(warningsOf('PCLOUD', withValid('PCLOUD', { client_secret: 'xyz' })).client_id).toMatch(/only used with its OAuth Client ID/);
  });

  it('refuses quotes and spaces in an OAuth client ID, which goes into a shell command', () => {
    expect(errorsOf('BOX', withValid('BOX', { client_id: 'a" ; rm -rf ~ "' })).client_id).toMatch(/must not contain spaces, quotes/);
  });

  it('advises a tenant for Swift auth versions 2 and 3', () => {
    expect(warningsOf('OPENSTACK_SWIFT', withValid('OPENSTACK_SWIFT', { tenant: undefined })).tenant).toMatch(/Tenant Name or Tenant ID/);
  });

  it('lets a Swift application credential stand in for the user name and password, and wants one or the other', () => {
    const appCredential = { auth: 'https://keystone.example.com/v3', application_credential_id: 'ac-1', application_credential_secret: 'ac secret' };
    expect(errorsOf('OPENSTACK_SWIFT', appCredential)).toEqual({});
    expect(errorsOf('OPENSTACK_SWIFT', { auth: 'https://keystone.example.com/v3', application_credential_id: 'ac-1' })).toEqual({
      user: 'User Name is required (or an Application Credential ID or Name with its Secret).',
      key: 'API Key or Password is required (or an Application Credential ID or Name with its Secret).',
    });
    expect(errorsOf('OPENSTACK_SWIFT', { auth: 'https://k/v3', user_id: 'u-1', key: 'k' })).toEqual({});
  });

  it('takes an S3 endpoint without a scheme as rclone does (https), and wants HTTPS for Storj', () => {
    for (const endpoint of ['s3.wasabisys.com', 'nyc3.digitaloceanspaces.com', 'minio.lan:9000', 'http://127.0.0.1:9000']) {
      expect(errorsOf('S3', withValid('S3', { endpoint })).endpoint, endpoint).toBeUndefined();
    }
    expect(errorsOf('S3', withValid('S3', { endpoint: 'ftp://s3.example.com' })).endpoint).toBe('Endpoint URL must start with https:// or http://.');
    expect(errorsOf('S3', withValid('S3', { endpoint: 'bad host/' })).endpoint).toMatch(/^Endpoint URL is not a valid URL: it should look like https:\/\/host\/path, or a host name/);
    expect(errorsOf('STORJ_IX', withValid('STORJ_IX', { endpoint: 'gateway.storjshare.io' })).endpoint).toBeUndefined();
    expect(errorsOf('STORJ_IX', withValid('STORJ_IX', { endpoint: 'http://gateway.example.com' })).endpoint).toBe('Endpoint URL must start with https://.');
  });

  it('holds extra rclone options to options of the backend that read nothing from this machine', () => {
    expect(errorsOf('S3', withValid('S3', { extra_rclone_options: { session_token: 'x', chunk_size: '64M' } }))).toEqual({});
    expect(errorsOf('S3', withValid('S3', { extra_rclone_options: { shared_credentials_file: '/root/.aws/credentials' } })).extra_rclone_options).toMatch(/^Extra rclone options: names "shared_credentials_file", which Amazon S3 cannot carry/);
    expect(errorsOf('SFTP', withValid('SFTP', { extra_rclone_options: { md5sum_command: 'md5sum' } })).extra_rclone_options).toMatch(/names "md5sum_command"/);
    expect(errorsOf('S3', withValid('S3', { extra_rclone_options: { access_key_id: 'other' } })).extra_rclone_options).toMatch(/names "access_key_id"/);
    expect(errorsOf('FTP', withValid('FTP', { extra_rclone_options: { not_an_option: '1' } })).extra_rclone_options).toMatch(/names "not_an_option"/);
    expect(errorsOf('FTP', withValid('FTP', { extra_rclone_options: { tls: 'a\nb' } })).extra_rclone_options).toBe('Extra rclone options: option tls must be a single line without control characters.');
    expect(errorsOf('FTP', withValid('FTP', { extra_rclone_options: 'tls=true' })).extra_rclone_options).toBe('Extra rclone options: must be an object of rclone option names to text values.');
    expect(warningsOf('FTP', withValid('FTP', { extra_rclone_options: { tls: 'true' } }))).toEqual({});
  });

  it('keeps spaces around secrets but trims other text', () => {
    const normalized = normalizeAttributes(findProvider('FTP'), { host: ' ftp.example.com ', pass: ' spaced ' });
    expect(normalized).toEqual({ host: 'ftp.example.com', pass: ' spaced ' });
  });
});

describe('JSON field errors', () => {
  it('never quote the pasted text, which is usually a secret', () => {
    const token = 'ya29.a0AfH6SMBx-secret-token-value';
    const { errors } = validateAttributes('DROPBOX', { token });
    expect(errors.token).toMatch(/is not valid JSON/);
    expect(errors.token).not.toContain('ya29');
    const truncated = validateAttributes('GOOGLE_CLOUD_STORAGE', { service_account_credentials: '{"type": "service_account", "private_key": "-----BEGIN' });
    expect(truncated.errors.service_account_credentials).toMatch(/is not valid JSON/);
    expect(truncated.errors.service_account_credentials).not.toContain('BEGIN');
  });
});
