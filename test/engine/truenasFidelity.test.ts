import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCloudCredentialsToRclone, importRcloneConf } from '../../src/engine/cloud/index.js';
import { describeKey } from '../../src/engine/ssh/index.js';
import { importTrueNas } from '../../src/engine/truenasImport.js';
import { findProvider, providers, type Attributes } from '../../src/providers/index.js';
import { openTestStore } from '../helpers/dataStores.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { CLOUD_2022, CURRENT_CLOUD, makeTrueNasConfig } from '../fixtures/truenas/trueNasConfig.js';

const tempDir = useTempDirs();
const known = new Set(providers.map((provider) => provider.id));
const isKnownProvider = (id: string) => known.has(id);

/** An SSH key made by ssh-keygen, as TrueNAS stores a keypair: {private_key, public_key}. */
function sshKeygenPair(dir: string, name: string): { private_key: string; public_key: string } {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `root@truenas-${name}`, '-f', file]);
  return { private_key: readFileSync(file, 'utf8'), public_key: readFileSync(`${file}.pub`, 'utf8').trim() };
}

/** An RSA key made by openssl in the traditional PEM form older TrueNAS kept. */
function opensslRsaPair(dir: string): { private_key: string; public_key: string } {
  const file = join(dir, 'openssl-rsa.pem');
  execFileSync('openssl', ['genrsa', '-traditional', '-out', file, '2048'], { stdio: 'ignore' });
  execFileSync('chmod', ['600', file]);
  return { private_key: readFileSync(file, 'utf8'), public_key: execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' }).trim() };
}

function keychainRows(dir: string) {
  const replication = sshKeygenPair(dir, 'replication');
  return [
    { id: 7, name: 'replication-key', type: 'SSH_KEY_PAIR', attributes: replication },
    { id: 8, name: 'legacy-rsa', type: 'SSH_KEY_PAIR', attributes: opensslRsaPair(dir) },
    { id: 9, name: 'backup-nas', type: 'SSH_CREDENTIALS', attributes: { host: 'nas2.lan', port: 22, username: 'root', private_key: 7, remote_host_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl', connect_timeout: 10, cipher: 'STANDARD' } },
  ];
}

/** The attributes an rclone.conf carries over: every one with an rclone option, without TrueNAS's unset values. */
function carriedByRclone(providerId: string, attributes: Attributes): Attributes {
  const mapped = new Set(Object.keys(findProvider(providerId).rclone.options));
  return Object.fromEntries(Object.entries(attributes).filter(([key, value]) => mapped.has(key) && value !== null && value !== ''));
}

describe('TrueNAS configurations made by TrueNAS\'s own means', () => {
  it('imports every provider of a current configuration whole: each value, with the type TrueNAS stores', async () => {
    const dir = tempDir();
    const secretHex = randomBytes(32).toString('hex');
    const keychain = keychainRows(dir);
    const { tar } = makeTrueNasConfig(dir, { secretHex, cloud: CURRENT_CLOUD, keychain, tar: { extra: { root_authorized_keys: 'ssh-ed25519 AAAA root@elsewhere\n' } } });
    const { store } = openTestStore(tempDir());
    const report = await importTrueNas(store, readFileSync(tar!), { isKnownProvider });

    expect(report.skipped).toEqual([]);
    expect(report.seed).toBe('archive');
    expect(report.ignoredMembers).toEqual(['root_authorized_keys']);
    expect(report.imported.filter((entry) => entry.kind === 'cloud credential').map((entry) => entry.name)).toEqual(CURRENT_CLOUD.map((row) => row.name));
    const keypairId = store.keychain.get('replication-key').id;
    for (const row of CURRENT_CLOUD) {
      const stored = store.cloudCredentials.get(row.name);
      expect(stored.type, row.name).toBe(row.provider);
      expect(stored.attributes, row.name).toStrictEqual(row.provider === 'SFTP' ? { ...row.attributes, private_key: keypairId } : row.attributes);
    }
    expect(store.cloudCredentials.get('swift').attributes.auth_version).toBe(3);
    expect(store.cloudCredentials.get('swift').attributes.endpoint_type).toBeNull();
    expect(store.keychain.get('legacy-rsa').attributes).toStrictEqual(keychain[1]!.attributes);
    expect(store.keychain.get('backup-nas').attributes).toStrictEqual({ ...keychain[2]!.attributes, private_key: keypairId });
    store.close();
  });

  it('keeps every attribute rclone knows through TrueNAS archive → import → rclone export (read by rclone) → rclone import', async () => {
    const dir = tempDir();
    const secretHex = randomBytes(32).toString('hex');
    const keychain = keychainRows(dir);
    const { tar } = makeTrueNasConfig(dir, { secretHex, cloud: CURRENT_CLOUD, keychain, tar: {} });
    const first = openTestStore(tempDir()).store;
    await importTrueNas(first, readFileSync(tar!), { isKnownProvider });
    const conf = join(dir, 'rclone.conf');
    exportCloudCredentialsToRclone(first, { to: conf });

    // What rclone itself reads from the export.
    const dumped = JSON.parse(execFileSync('rclone', ['--config', conf, 'config', 'dump'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir } })) as Record<string, Record<string, string>>;
    expect(dumped.swift).toMatchObject({ type: 'swift', domain: 'Default', tenant_domain: 'Default', auth_version: '3', region: 'RegionOne' });
    expect(dumped.swift).not.toHaveProperty('endpoint_type'); // null: rclone's default (public), not "public" written
    expect(dumped['swift-appcred']).toMatchObject({ user_id: 'u-1234', application_credential_id: 'ac-0001', application_credential_name: 'nas-backup', application_credential_secret: 'ac secret', auth_version: '0', endpoint_type: 'internal' });
    expect(dumped.azure).toMatchObject({ type: 'azureblob', endpoint: 'https://nasbackups.blob.core.windows.net/' });
    expect(dumped.storj).toMatchObject({ type: 's3', provider: 'Storj', endpoint: 'https://gateway.storjshare.io/' });
    expect(dumped.sftp!.key_pem).toBeDefined();

    const second = openTestStore(tempDir()).store;
    const report = await importRcloneConf(second, readFileSync(conf, 'utf8'));
    expect(report.skipped).toEqual([]);
    for (const row of CURRENT_CLOUD) {
      const original = first.cloudCredentials.get(row.name).attributes;
      const back = second.cloudCredentials.get(row.name);
      expect(back.type, row.name).toBe(row.provider);
      const { private_key: originalKey, ...originalCarried } = carriedByRclone(row.provider, original);
      const { private_key: backKey, ...backCarried } = carriedByRclone(row.provider, back.attributes);
      expect(backCarried, row.name).toMatchObject(originalCarried);
      if (originalKey !== undefined) {
        // The keypair came back as a keypair holding the same key.
        const key = (store: typeof first, id: unknown) => describeKey(String(store.keychain.get(Number(id)).attributes.private_key)).fingerprint;
        expect(key(second, backKey)).toBe(key(first, originalKey));
      }
    }
    expect(second.cloudCredentials.get('swift').attributes.auth_version).toBe(3);
    expect(second.cloudCredentials.get('swift-appcred').attributes.auth_version).toBe(0);
    first.close();
    second.close();
  });

  it('imports a 2022 configuration: values padded by older writers, the provider kept in the attributes, MEGA, Storj before it had an endpoint', async () => {
    const dir = tempDir();
    const secretHex = randomBytes(32).toString('hex');
    const { database } = makeTrueNasConfig(dir, { schema: '2022', secretHex, cloud: CLOUD_2022 });
    const { store } = openTestStore(tempDir());
    const report = await importTrueNas(store, readFileSync(database), { isKnownProvider, seed: Buffer.from(secretHex, 'hex') });
    expect(report.skipped).toEqual([]);
    expect(report.seed).toBe('given');
    for (const row of CLOUD_2022) expect(store.cloudCredentials.get(row.name)).toMatchObject({ type: row.provider, attributes: row.attributes });
    expect(store.cloudCredentials.get('swift').attributes.auth_version).toBe(2);
    // Storj without an endpoint reaches Storj's gateway, as TrueNAS's 25.04 migration made it.
    const conf = exportCloudCredentialsToRclone(store, { names: ['storj'] }).text;
    expect(conf).toContain('endpoint = https://gateway.storjshare.io/');
    store.close();
  });

  it('reads a CORE archive with pool keys: geli/*.key become pool keys named after their pool, dataset keys come from the database, the rest is listed', async () => {
    const dir = tempDir();
    const secretHex = randomBytes(32).toString('hex');
    const tankKey = randomBytes(64).toString('hex');
    const orphanKey = randomBytes(64).toString('hex');
    const datasetKey = randomBytes(32).toString('hex');
    const { tar } = makeTrueNasConfig(dir, {
      schema: 'core',
      secretHex,
      cloud: CURRENT_CLOUD.slice(0, 1),
      volumes: [{ name: 'tank', encryptkey: '2d6c4a1e-9c1e-4d8f-a0a4-1f7b1c6c9e10' }],
      geli: { '2d6c4a1e-9c1e-4d8f-a0a4-1f7b1c6c9e10': tankKey, '5f1d7a2b-0c3e-4b6a-9d8e-7a6b5c4d3e2f': orphanKey, 'short-key': 'abcd' },
      datasets: [{ name: 'vault/secure', key: datasetKey }, { name: 'vault/kmip', key: null }],
      tar: { extra: { root_authorized_keys: 'ssh-rsa AAAA root@core\n' } },
    });
    const data = openTestStore(tempDir());
    data.store.poolKeys.import([{ dataset: 'vault/secure', key: datasetKey }]);
    const report = await importTrueNas(data.store, readFileSync(tar!), { isKnownProvider });

    expect(report.imported.filter((entry) => entry.kind === 'pool key')).toEqual([
      { kind: 'pool key', name: 'tank', from: 'geli/2d6c4a1e-9c1e-4d8f-a0a4-1f7b1c6c9e10.key' },
      { kind: 'pool key', name: '5f1d7a2b-0c3e-4b6a-9d8e-7a6b5c4d3e2f', from: 'geli/5f1d7a2b-0c3e-4b6a-9d8e-7a6b5c4d3e2f.key' },
    ]);
    expect(report.linked).toEqual([{ kind: 'pool key', name: 'vault/secure', from: 'dataset vault/secure' }]);
    expect(report.skipped).toEqual([
      { kind: 'pool key', name: 'geli/short-key.key', reason: 'it is 2 bytes; a GELI key file has 64' },
      { kind: 'pool key', name: 'vault/kmip', reason: 'its key is kept in a KMIP server, not in the configuration' },
    ]);
    expect(report.notes).toEqual(['No pool in the database uses geli/5f1d7a2b-0c3e-4b6a-9d8e-7a6b5c4d3e2f.key: its key is stored under the name 5f1d7a2b-0c3e-4b6a-9d8e-7a6b5c4d3e2f.']);
    expect(report.ignoredMembers).toEqual(['root_authorized_keys']);
    expect(Object.fromEntries(data.store.poolKeys.list().map((entry) => [entry.dataset, entry.key]))).toEqual({
      tank: tankKey,
      '5f1d7a2b-0c3e-4b6a-9d8e-7a6b5c4d3e2f': orphanKey,
      'vault/secure': datasetKey,
    });
    expect(data.store.cloudCredentials.get('aws').type).toBe('S3');
    data.store.close();
  });

  it('links a connection to the keypair already stored with the same key, after the connection was deleted and the archive imported again', async () => {
    const dir = tempDir();
    const secretHex = randomBytes(32).toString('hex');
    const { tar } = makeTrueNasConfig(dir, { secretHex, keychain: keychainRows(dir), cloud: CURRENT_CLOUD.filter((row) => row.provider === 'SFTP'), tar: {} });
    const { store } = openTestStore(tempDir());
    await importTrueNas(store, readFileSync(tar!), { isKnownProvider });
    const keypair = store.keychain.get('replication-key');
    store.keychain.remove(store.keychain.get('backup-nas').id);
    store.keychain.update(keypair.id, { name: 'renamed-key' }); // the same key under another name still links

    const again = await importTrueNas(store, readFileSync(tar!), { isKnownProvider });
    expect(again.imported).toEqual([{ kind: 'SSH connection', name: 'backup-nas', from: 'backup-nas' }]);
    expect(again.linked).toEqual([
      { kind: 'SSH keypair', name: 'renamed-key', from: 'replication-key' },
      { kind: 'SSH keypair', name: 'legacy-rsa', from: 'legacy-rsa' },
    ]);
    expect(again.skipped).toEqual([{ kind: 'cloud credential', name: 'sftp', reason: 'a record with this name already exists' }]);
    expect(store.keychain.get('backup-nas').attributes.private_key).toBe(keypair.id);
    expect(store.keychain.list('SSH_KEY_PAIR').map((record) => record.name)).toEqual(['legacy-rsa', 'renamed-key']);
    store.close();
  });

  it('uses the seed given apart over the tar\'s own and says so; refuses one that decrypts nothing', async () => {
    const dir = tempDir();
    const secret = randomBytes(32);
    const { tar } = makeTrueNasConfig(dir, { secretHex: secret.toString('hex'), cloud: CURRENT_CLOUD.slice(0, 1), tar: { seedHex: randomBytes(32).toString('hex') } });
    const bytes = readFileSync(tar!);
    const { store } = openTestStore(tempDir());
    await expect(importTrueNas(store, bytes, { isKnownProvider })).rejects.toThrow('The secret seed does not match this TrueNAS database (its check value does not decrypt). Nothing was imported.');
    await expect(importTrueNas(store, bytes, { isKnownProvider, seed: randomBytes(32) })).rejects.toThrow(/does not match this TrueNAS database/);
    const report = await importTrueNas(store, bytes, { isKnownProvider, seed: secret });
    expect(report.seed).toBe('given');
    expect(report.notes).toEqual(['The archive holds its own pwenc_secret, which differs from the seed given: the seed given was used.']);
    expect(store.cloudCredentials.get('aws').attributes.secret_access_key).toBe(CURRENT_CLOUD[0]!.attributes.secret_access_key);

    const matching = makeTrueNasConfig(tempDir(), { secretHex: secret.toString('hex'), cloud: [], tar: {} });
    expect((await importTrueNas(store, readFileSync(matching.tar!), { isKnownProvider, seed: secret })).seed).toBe('archive');
    store.close();
  });

  it('keeps reading our own configuration archives strictly: a directory there is still refused', async () => {
    const { unpackTar } = await import('../../src/engine/archive/tar.js');
    const dir = tempDir();
    const { tar } = makeTrueNasConfig(dir, { schema: 'core', secretHex: randomBytes(32).toString('hex'), geli: { k: randomBytes(64).toString('hex') }, tar: {} });
    await expect(unpackTar(readFileSync(tar!), 64)).rejects.toThrow('The archive holds "geli/", which is not a regular file.');
  });
});
