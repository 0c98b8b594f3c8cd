import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importTrueNas } from '../../src/engine/truenasImport.js';
import { filesFingerprint, openTestStore } from '../helpers/dataStores.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { makeTrueNasArchive, makeTrueNasDatabase, type TrueNasRow } from '../helpers/truenas.js';
import { UserError } from '../../src/common/errors.js';
import { realKeypair } from '../helpers/dataStores.js';

const tempDir = useTempDirs();
const known = (provider: string) => ['S3', 'B2', 'SFTP', 'FTP'].includes(provider);

const replicationKey = realKeypair('root@truenas');
const hostKey = realKeypair().public_key.split(' ').slice(0, 2).join(' ');
const keychain: TrueNasRow[] = [
  { id: 7, name: 'replication-key', type: 'SSH_KEY_PAIR', attributes: replicationKey, pad: true },
  { id: 9, name: 'backup-nas', type: 'SSH_CREDENTIALS', attributes: { host: 'nas2.lan', port: 22, username: 'root', private_key: 7, remote_host_key: hostKey, connect_timeout: 10 } },
];
const cloud: TrueNasRow[] = [
  { id: 1, name: 'aws', provider: 'S3', attributes: { access_key_id: 'AKIAIOSFODNN7EXAMPLE', secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, pad: true },
  // Newer TrueNAS: the provider inside the attributes.
  { id: 2, name: 'b2', provider: null, attributes: { type: 'B2', account: '0012ab', key: 'K001secret' } },
  { id: 3, name: 'sftp-offsite', provider: 'SFTP', attributes: { host: 'offsite', port: 22, user: 'nas', private_key: 7 } },
  { id: 4, name: 'weird', provider: 'DROPBOX_BUSINESS', attributes: { token: '{}' } },
];

describe('TrueNAS import', () => {
  it('imports credentials, keypairs and connections from a TrueNAS tar, remapping keypair ids', async () => {
    const secret = randomBytes(32);
    const archive = await makeTrueNasArchive(makeTrueNasDatabase(tempDir(), secret, cloud, keychain), secret);
    const { store } = openTestStore(tempDir());
    store.keychain.create('existing', 'SSH_KEY_PAIR', realKeypair()); // shifts our ids away from TrueNAS's
    const report = await importTrueNas(store, archive, { isKnownProvider: known });
    expect(report.imported.map((entry) => entry.name)).toEqual(['replication-key', 'backup-nas', 'aws', 'b2', 'sftp-offsite']);
    expect(report.skipped).toEqual([{ kind: 'cloud credential', name: 'weird', reason: 'provider DROPBOX_BUSINESS is not supported' }]);
    const keypairId = store.keychain.get('replication-key').id;
    expect(store.keychain.get('replication-key').attributes).toEqual(keychain[0]!.attributes);
    expect(store.keychain.get('backup-nas').attributes).toEqual({ ...keychain[1]!.attributes, private_key: keypairId });
    expect(store.cloudCredentials.get('aws')).toMatchObject({ type: 'S3', attributes: cloud[0]!.attributes });
    expect(store.cloudCredentials.get('b2')).toMatchObject({ type: 'B2', attributes: { account: '0012ab', key: 'K001secret' } });
    expect(store.cloudCredentials.get('sftp-offsite').attributes.private_key).toBe(keypairId);
    store.close();
  });

  it('skips conflicting names and reports them, or renames them with --rename', async () => {
    const secret = randomBytes(32);
    const archive = await makeTrueNasArchive(makeTrueNasDatabase(tempDir(), secret, cloud.slice(0, 1), []), secret);
    const { store } = openTestStore(tempDir());
    store.cloudCredentials.create('aws', 'S3', { access_key_id: 'mine' });
    const skipped = await importTrueNas(store, archive, { isKnownProvider: known });
    expect(skipped.skipped).toEqual([{ kind: 'cloud credential', name: 'aws', reason: 'a record with this name already exists' }]);
    const renamed = await importTrueNas(store, archive, { isKnownProvider: known, rename: true });
    expect(renamed.imported).toEqual([{ kind: 'cloud credential', name: 'aws (2)', from: 'aws' }]);
    expect(store.cloudCredentials.get('aws').attributes).toEqual({ access_key_id: 'mine' });
    store.close();
  });

  it('reads a bare freenas-v1.db with its seed given apart', async () => {
    const secret = randomBytes(32);
    const database = readFileSync(makeTrueNasDatabase(tempDir(), secret, cloud.slice(0, 2), []));
    const { store } = openTestStore(tempDir());
    await expect(importTrueNas(store, database, { isKnownProvider: known })).rejects.toThrow(expect.objectContaining({ message: 'A bare TrueNAS database needs its secret seed (pwenc_secret).', reason: 'seed-required' }));
    const report = await importTrueNas(store, database, { isKnownProvider: known, seed: secret });
    expect(report.imported).toHaveLength(2);
    store.close();
  });

  it('refuses records that break the rules of add and edit, listing them; --skip-invalid leaves them out', async () => {
    const secret = randomBytes(32);
    const broken: TrueNasRow[] = [
      { id: 5, name: 'no-host', provider: 'FTP', attributes: { user: 'nas', pass: 'p' } },
      { id: 6, name: 'bell\x07', provider: 'FTP', attributes: { host: 'ftp.example.com', user: 'nas', pass: 'p' } },
    ];
    const brokenKeys: TrueNasRow[] = [{ id: 8, name: 'garbage-key', type: 'SSH_KEY_PAIR', attributes: { private_key: 'not a key', public_key: 'ssh-ed25519 AAAA' } }];
    const archive = await makeTrueNasArchive(makeTrueNasDatabase(tempDir(), secret, [...cloud.slice(0, 1), ...broken], brokenKeys), secret);
    const data = openTestStore(tempDir());
    const before = filesFingerprint(data);
    const refusal = await importTrueNas(data.store, archive, { isKnownProvider: known }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UserError);
    expect((refusal as UserError).reason).toBe('records-invalid');
    expect((refusal as Error).message).toMatch(/^3 record\(s\) in the configuration break the rules: SSH keypair "garbage-key": .*cloud credential "no-host": Host is required; cloud credential "bell\\u0007": /);
    expect(filesFingerprint(data)).toBe(before);
    const report = await importTrueNas(data.store, archive, { isKnownProvider: known, skipInvalid: true });
    expect(report.imported.map((entry) => entry.name)).toEqual(['aws']);
    expect(report.skipped.map((entry) => entry.name)).toEqual(['garbage-key', 'no-host', 'bell\x07']);
    data.store.close();
  });

  it('writes nothing when the seed is wrong or missing', async () => {
    const secret = randomBytes(32);
    const dbPath = makeTrueNasDatabase(tempDir(), secret, cloud, keychain);
    const data = openTestStore(tempDir());
    const before = filesFingerprint(data);
    await expect(importTrueNas(data.store, await makeTrueNasArchive(dbPath, randomBytes(32)), { isKnownProvider: known })).rejects.toThrow(/does not match this TrueNAS database/);
    await expect(importTrueNas(data.store, await makeTrueNasArchive(dbPath), { isKnownProvider: known })).rejects.toThrow(/saved without its secret seed/);
    expect(filesFingerprint(data)).toBe(before);
    expect(data.store.cloudCredentials.count() + data.store.keychain.count()).toBe(0);
    data.store.close();
  });
});
