import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addCloudCredential,
  checkCloudCredential,
  cloudCredentialDetails,
  CloudCredentialInvalid,
  CloudVerifyFailed,
  deleteCloudCredential,
  editCloudCredential,
  exportCloudCredentialsToRclone,
  importRcloneConf,
  listCloudCredentials,
  readRcloneConfFile,
  saveCloudCredential,
  SECRET_MASK,
  verifyCloudCredentialValues,
} from '../../src/engine/cloud/index.js';
import { generateKeypairRecord } from '../../src/engine/keychain/keypairs.js';
import { openDataStore } from '../../src/engine/dataStore.js';
import { fileMode } from '../../src/engine/fsSafe.js';
import { appSecretPolicy } from '../../src/engine/appSecretPolicy.js';
import { TOKEN } from '../providers/samples.js';
import { startHttpServer } from '../harness/httpServer.js';
import { closedPort } from '../helpers/servers.js';
import { useTempDirs } from '../helpers/tempDir.js';

const tempDir = useTempDirs();
const openStore = () => openDataStore(join(tempDir(), 'data'), appSecretPolicy).store;

describe('cloud credential rules', () => {
  it('stores normalized attributes with defaults and refuses invalid ones with the field messages', async () => {
    const store = openStore();
    const saved = await addCloudCredential(store, { name: 'ftp', provider: 'FTP', attributes: { host: ' ftp.example.com ', user: 'nas', pass: ' sp ace ', extra: 1 } });
    expect(store.cloudCredentials.get('ftp').attributes).toEqual({ host: 'ftp.example.com', port: 21, user: 'nas', pass: ' sp ace ' });
    expect(saved.warnings.extra).toMatch(/not an attribute of FTP/);

    const refused = addCloudCredential(store, { name: 'ftp', provider: 'FTP', attributes: { host: 'ftp://x', port: '70000' } });
    await expect(refused).rejects.toBeInstanceOf(CloudCredentialInvalid);
    const errors = await refused.catch((error: CloudCredentialInvalid) => error.errors);
    expect(errors).toEqual({
      name: 'A cloud credential named "ftp" already exists.',
      host: 'Host must be the host name only, without a scheme such as ftp:// or sftp://.',
      port: 'Port must be from 1 to 65535.',
      user: 'Username is required.',
    });
    expect(store.cloudCredentials.count()).toBe(1);
    store.close();
  });

  it('takes a whole pasted rclone authorize output as the token', async () => {
    const store = openStore();
    const pasted = `Paste the following into your remote machine --->\n${TOKEN}\n<---End paste`;
    await addCloudCredential(store, { name: 'drive', provider: 'GOOGLE_DRIVE', attributes: { token: pasted } });
    expect(store.cloudCredentials.get('drive').attributes.token).toBe(TOKEN);
    store.close();
  });

  it('keeps a secret left empty (or given as the mask) on edit, removes a cleared value, and keeps the last check when nothing changed', async () => {
    const store = openStore();
    await addCloudCredential(store, { name: 'dav', provider: 'WEBDAV', attributes: { url: 'https://dav.example.com/', vendor: 'OTHER', user: 'me', pass: 'dav-secret-1' } });
    store.cloudCredentials.recordCheck(store.cloudCredentials.get('dav').id, true, null);
    await editCloudCredential(store, 'dav', { attributes: { url: 'https://dav.example.com/', vendor: 'OTHER', user: 'me', pass: '' } });
    expect(store.cloudCredentials.get('dav').lastCheck?.ok).toBe(true);

    await editCloudCredential(store, 'dav', { name: 'dav2', attributes: { user: 'you', pass: SECRET_MASK } });
    expect(store.cloudCredentials.get('dav2').attributes).toEqual({ url: 'https://dav.example.com/', vendor: 'OTHER', user: 'you', pass: 'dav-secret-1' });
    expect(store.cloudCredentials.get('dav2').lastCheck).toBeNull();

    await addCloudCredential(store, { name: 's3', provider: 'S3', attributes: { access_key_id: 'AKIAEXAMPLE1', secret_access_key: 'abc/def+ghi=', endpoint: 'https://s3.example.com' } });
    await editCloudCredential(store, 's3', { attributes: { endpoint: '', region: 'eu-west-1' } });
    expect(store.cloudCredentials.get('s3').attributes).toEqual({ access_key_id: 'AKIAEXAMPLE1', secret_access_key: 'abc/def+ghi=', max_upload_parts: 10000, provider: 'Other', force_path_style: true, sign_accept_encoding: true, region: 'eu-west-1' });
    store.close();
  });

  it('masks secrets when showing unless revealed, and lists without decrypting', async () => {
    const store = openStore();
    await addCloudCredential(store, { name: 'b2', provider: 'B2', attributes: { account: '0012a3b4c5d6', key: 'K001secretkey' } });
    const shown = cloudCredentialDetails(store, 'b2');
    expect(shown.attributes).toEqual({ account: '0012a3b4c5d6', key: SECRET_MASK });
    expect(shown.hidden).toEqual(['key']);
    expect(cloudCredentialDetails(store, 'b2', { reveal: true }).attributes.key).toBe('K001secretkey');
    expect(listCloudCredentials(store)).toEqual([{ id: shown.id, name: 'b2', provider: 'B2', providerLabel: 'BackBlaze B2', lastCheck: null }]);
    expect(checkCloudCredential(store, { name: 'x', provider: 'B2', attributes: { account: 'a', key: SECRET_MASK } }).errors.key).toMatch(/mask/);
    deleteCloudCredential(store, 'b2');
    expect(store.cloudCredentials.count()).toBe(0);
    expect(store.audit.list(5).map((entry) => entry.action)).toEqual(['delete', 'create']);
    store.close();
  });

  it('generates a keypair named after an SFTP credential, in the same transaction', async () => {
    const store = openStore();
    const saved = await addCloudCredential(store, { name: 'offsite', provider: 'SFTP', attributes: { host: '192.0.2.1', user: 'backup' }, generateKeypair: true });
    expect(saved.keypairCreated?.name).toBe('offsite');
    const keypair = store.keychain.get('offsite');
    expect(keypair.type).toBe('SSH_KEY_PAIR');
    expect(store.cloudCredentials.get('offsite').attributes).toEqual({ host: '192.0.2.1', port: 22, user: 'backup', private_key: keypair.id });
    expect(saved.credential.keypair).toEqual({ id: keypair.id, name: 'offsite' });

    // A name already taken: refused before any key is made.
    await expect(addCloudCredential(store, { name: 'offsite', provider: 'SFTP', attributes: { host: 'h', user: 'u' }, generateKeypair: true })).rejects.toThrow(/already exists/);
    expect(store.keychain.count()).toBe(1);
    await expect(addCloudCredential(store, { name: 'k', provider: 'SFTP', attributes: { host: 'h', user: 'u', private_key: 'no-such-key' } })).rejects.toThrow(/Private Key ID: No SSH keypair named "no-such-key"/);
    store.close();
  });
});

describe('rclone.conf export and import', () => {
  it('exports chosen or all credentials 0600 and imports them back with SFTP keys as keypairs', async () => {
    const store = openStore();
    const key = await generateKeypairRecord(store, 'sftp-key');
    await addCloudCredential(store, { name: 'ftp', provider: 'FTP', attributes: { host: 'ftp.example.com', user: 'nas', pass: 'ftp pass' } });
    await addCloudCredential(store, { name: 'sftp', provider: 'SFTP', attributes: { host: '192.0.2.1', user: 'backup', private_key: key.id } });
    const file = join(tempDir(), 'rclone.conf');
    const exported = exportCloudCredentialsToRclone(store, { to: file });
    expect(exported.names).toEqual(['ftp', 'sftp']);
    expect(fileMode(file)).toBe(0o600);
    expect(exported.text).not.toContain('ftp pass');
    expect(exportCloudCredentialsToRclone(store, { names: ['sftp'] }).names).toEqual(['sftp']);
    expect(() => exportCloudCredentialsToRclone(store, { names: ['nope'] })).toThrow('No cloud credential named "nope".');

    const other = openStore();
    await addCloudCredential(other, { name: 'ftp', provider: 'FTP', attributes: { host: 'other', user: 'x', pass: 'y' } });
    const skipped = await importRcloneConf(other, readRcloneConfFile(file));
    expect(skipped.imported.map((entry) => entry.name)).toEqual(['sftp']);
    expect(skipped.skipped).toEqual([{ name: 'ftp', reason: expect.stringMatching(/already exists/) }]);
    const renamed = await importRcloneConf(other, readRcloneConfFile(file), { rename: true });
    expect(renamed.imported.map((entry) => [entry.from, entry.name])).toEqual([['ftp', 'ftp-2'], ['sftp', 'sftp-2']]);
    expect(other.cloudCredentials.get('ftp-2').attributes).toEqual({ host: 'ftp.example.com', port: 21, user: 'nas', pass: 'ftp pass' });
    const sftp = other.cloudCredentials.get('sftp').attributes;
    const imported = other.keychain.get(Number(sftp.private_key));
    expect(imported.name).toBe('sftp');
    expect(imported.attributes.public_key).toBe(key.publicKey);
    store.close();
    other.close();
  });

  it('refuses an encrypted or binary rclone.conf and writes nothing', async () => {
    const store = openStore();
    const encrypted = join(tempDir(), 'enc.conf');
    writeFileSync(encrypted, '# Encrypted rclone configuration File\n\nRCLONE_ENCRYPT_V0:\nabcdef0123456789\n');
    expect(() => readRcloneConfFile(encrypted)).toThrow(/This rclone\.conf is encrypted/);
    const binary = join(tempDir(), 'bin.conf');
    writeFileSync(binary, Buffer.from([0, 1, 2, 255, 254]));
    expect(() => readRcloneConfFile(binary)).toThrow(/not text/);
    await expect(importRcloneConf(store, '[a]\ntype = ftp\nhost = h\nuser = u\nthis line is broken\n')).rejects.toThrow(/Line 5/);
    expect(store.cloudCredentials.count()).toBe(0);
    store.close();
  });
});

describe('messages about secrets', () => {
  it('never quote the secret, even when JSON.parse would', async () => {
    const store = openStore();
    const bare = 'ya29.a0AfH6SMBbareaccesstoken';
    const check = checkCloudCredential(store, { name: 'box', provider: 'BOX', attributes: { token: bare } });
    expect(check.errors.token).toMatch(/^Access Token is not valid JSON\./);
    expect(JSON.stringify([check.errors, check.warnings])).not.toContain('ya29');
    await expect(addCloudCredential(store, { name: 'box', provider: 'BOX', attributes: { token: '{"access_token": ya29secret}' } })).rejects.toThrow(/^Access Token is not valid JSON\./);
    store.close();
  });
});

describe('verify-then-save', () => {
  it('records the verdict with the save, reusing a verify of exactly the values saved and no other', async () => {
    const store = openStore();
    const web = await startHttpServer();
    try {
      const input = { name: 'web', provider: 'HTTP', attributes: { url: web.url } };
      const verified = await verifyCloudCredentialValues(store, input);
      expect(verified.result.ok).toBe(true);
      // A verdict on these values is kept as it is: rclone, run again, would call them valid.
      const known = { fingerprint: verified.fingerprint, result: { ok: false as const, reason: 'rejected' as const, message: 'said no earlier', details: '' } };
      const saved = await saveCloudCredential(store, input, { verify: 'save-anyway', verified: known });
      expect(store.cloudCredentials.get('web').lastCheck).toMatchObject({ ok: false, message: 'said no earlier' });
      // A verdict on other values is not: these are verified again, and that verdict is recorded.
      const stale = { ...known, fingerprint: 'some other values' };
      await saveCloudCredential(store, { ...input, name: 'web-2' }, { existingId: saved.credential.id, verify: 'refuse-on-failure', verified: stale });
      expect(store.cloudCredentials.get('web-2').lastCheck).toMatchObject({ ok: true, message: null });
    } finally {
      await web.close();
      store.close();
    }
  });

  it('refusing on failure saves nothing; the refusal carries its verdict, which a save anyway records', async () => {
    const store = openStore();
    const input = { name: 'down', provider: 'HTTP', attributes: { url: `http://127.0.0.1:${await closedPort()}/` } };
    const refused = await saveCloudCredential(store, input, { verify: 'refuse-on-failure' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CloudVerifyFailed);
    expect(refused).toMatchObject({ reason: 'verify-failed', message: expect.stringMatching(/^Not saved: .*connection refused$/) });
    expect(store.cloudCredentials.count()).toBe(0);
    await saveCloudCredential(store, input, { verify: 'save-anyway', verified: (refused as CloudVerifyFailed).verified });
    expect(store.cloudCredentials.get('down').lastCheck).toMatchObject({ ok: false, message: expect.stringContaining('connection refused') });
    store.close();
  });
});
