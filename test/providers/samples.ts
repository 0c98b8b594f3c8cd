import { fakePemBlock } from '../fixtures/fakeKeys.js';

/** A valid set of attributes per provider (fake values, shaped like real ones). */

export const TOKEN = JSON.stringify({
  access_token: 'ya29.a0AfH6SMBfakeaccesstoken',
  token_type: 'Bearer',
  refresh_token: '1//0gfakerefreshtoken',
  expiry: '2030-01-01T00:00:00Z',
});

export const SERVICE_ACCOUNT = JSON.stringify(
  {
    type: 'service_account',
    project_id: 'nas-backups-123456',
    private_key_id: '0123456789abcdef',
    private_key: fakePemBlock('PRIVATE KEY', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'),
    client_email: 'backup@nas-backups-123456.iam.gserviceaccount.com',
    client_id: '123456789012345678901',
  },
  null,
  2,
);

export const VALID_ATTRIBUTES: Record<string, Record<string, unknown>> = {
  S3: { access_key_id: 'AKIAIOSFODNN7EXAMPLE', secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', max_upload_parts: 10000 },
  B2: { account: '0012a3b4c5d6e7f0000000001', key: 'K001abcdefghijklmnopqrstuvwxyz0' },
  BOX: { token: TOKEN },
  DROPBOX: { client_id: 'abc123', client_secret: 'def456', token: TOKEN },
  FTP: { host: 'ftp.example.com', port: 21, user: 'backup', pass: 'hunter2 with spaces' },
  GOOGLE_CLOUD_STORAGE: { service_account_credentials: SERVICE_ACCOUNT },
  GOOGLE_DRIVE: { token: TOKEN, team_drive: '0ABCdefGHIjkl_-9' },
  GOOGLE_PHOTOS: { token: TOKEN },
  HTTP: { url: 'https://downloads.example.com/pub/' },
  HUBIC: { token: TOKEN },
  MEGA: { user: 'me@example.com', pass: 'mega password' },
  AZUREBLOB: { account: 'nasbackups', key: 'bXlzZWNyZXRrZXlteXNlY3JldGtleW15c2VjcmV0a2V5bXlzZWNyZXQ=', endpoint: 'https://nasbackups.blob.core.windows.net/' },
  ONEDRIVE: { token: TOKEN, drive_type: 'PERSONAL', drive_id: 'b!abcDEF123' },
  OPENSTACK_SWIFT: { user: 'tenant:user', key: 'swiftpass', auth: 'https://auth.example.com/v3', auth_version: 3, tenant: 'backups', domain: 'Default', tenant_domain: 'Default' },
  PCLOUD: { token: TOKEN, hostname: 'eapi.pcloud.com' },
  SFTP: { host: '192.0.2.10', port: 22, user: 'backup', pass: 'sftp-pass' },
  STORJ_IX: { access_key_id: 'jwxs4bzmotbnp4hbzjw4rqmnqvta', secret_access_key: 'jzoxhkfglmrnoxunqcd2pltasdfiwuqzduj6tbcbtbnqbeodlleeq', endpoint: 'https://gateway.storjshare.io/' },
  WEBDAV: { url: 'https://cloud.example.com/remote.php/dav/files/me/', vendor: 'NEXTCLOUD', user: 'me', pass: 'app-password' },
  YANDEX: { token: TOKEN },
};
