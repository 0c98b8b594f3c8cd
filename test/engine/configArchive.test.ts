import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../src/engine/archive/readArchive.js';
import { buildConfigArchive, saveConfiguration } from '../../src/engine/archive/save.js';
import { unpackTar, packTar } from '../../src/engine/archive/tar.js';
import { uploadConfiguration } from '../../src/engine/archive/upload.js';
import { fileMode } from '../../src/engine/fsSafe.js';
import { SCHEMA_VERSION } from '../../src/engine/store/index.js';
import { contentsOf, filesFingerprint, fillStore, openTestStore, testPolicy } from '../helpers/dataStores.js';
import { rebuildWithManifest } from '../helpers/archives.js';
import { useTempDirs } from '../helpers/tempDir.js';

const tempDir = useTempDirs();

async function savedArchive(options: { secretSeed: boolean; poolKeys: boolean; passphrase?: string }) {
  const source = openTestStore(tempDir());
  fillStore(source);
  const saved = await saveConfiguration(source.store, tempDir(), options);
  return { source, saved, bytes: readFileSync(saved.path) };
}

describe('config save', () => {
  it('writes an uncompressed tar with the database, a manifest and only the chosen extras', async () => {
    const { saved } = await savedArchive({ secretSeed: true, poolKeys: true });
    expect(saved.path).toMatch(/-nasconsole-\d+\.\d+\.\d+[^-]*-\d{14}\.tar$/);
    expect(fileMode(saved.path)).toBe(0o600);
    const listing = execFileSync('tar', ['-tf', saved.path], { encoding: 'utf8' }).trim().split('\n');
    expect(listing.sort()).toEqual(['config.db', 'manifest.json', 'pool_keys.json', 'pwenc_secret']);
    const members = await unpackTar(readFileSync(saved.path));
    const manifest = JSON.parse(members.get('manifest.json')!.toString());
    expect(manifest.options).toEqual({ secretSeed: true, poolKeys: true, passphrase: false });
    expect(Object.keys(manifest.members).sort()).toEqual(['config.db', 'pool_keys.json', 'pwenc_secret']);
    expect(JSON.parse(members.get('pool_keys.json')!.toString())).toEqual({ 'tank/secure': 'ab'.repeat(32) });
  });

  it('leaves the seed and the pool keys out unless chosen, also from the database copy', async () => {
    const { saved } = await savedArchive({ secretSeed: false, poolKeys: false });
    const members = await unpackTar(readFileSync(saved.path));
    expect([...members.keys()].sort()).toEqual(['config.db', 'manifest.json']);
    const dbPath = join(tempDir(), 'copy.db');
    writeFileSync(dbPath, members.get('config.db')!);
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM pool_keys').get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a target directory that does not exist', async () => {
    const { source } = await savedArchive({ secretSeed: false, poolKeys: false });
    await expect(saveConfiguration(source.store, '/nonexistent-dir/x.tar', { secretSeed: false, poolKeys: false })).rejects.toThrow('The directory /nonexistent-dir does not exist.');
  });

  it('protects the archive with a passphrase that the real age CLI decrypts', async () => {
    const { saved } = await savedArchive({ secretSeed: true, poolKeys: false, passphrase: 'correct horse battery' });
    expect(saved.path.endsWith('.tar.age')).toBe(true);
    const out = join(tempDir(), 'decrypted.tar');
    // age reads a passphrase only from a terminal: give it one with a pty (python's pty module).
    execFileSync('python3', [new URL('../helpers/age-decrypt.py', import.meta.url).pathname, saved.path, out], {
      env: { ...process.env, AGE_TEST_PASSPHRASE: 'correct horse battery' },
      timeout: 60_000,
    });
    const listing = execFileSync('tar', ['-tf', out], { encoding: 'utf8' }).trim().split('\n');
    expect(listing.sort()).toEqual(['config.db', 'manifest.json', 'pwenc_secret']);
  });
});

describe('config upload', () => {
  it('round-trips: saved with seed and pool keys, uploaded into a fresh data dir, everything equal', async () => {
    const { source, bytes } = await savedArchive({ secretSeed: true, poolKeys: true });
    const target = openTestStore(tempDir());
    const result = await uploadConfiguration(target.store, target.paths, bytes, { policy: testPolicy });
    expect(result.seedReplaced).toBe(true);
    expect(result.poolKeysRestored).toBe(1);
    expect(result.dropped).toEqual([]);
    expect(contentsOf(target)).toEqual(contentsOf(source));
    expect(readFileSync(target.paths.secret).equals(readFileSync(source.paths.secret))).toBe(true);
    expect(result.backup.name).toMatch(/^pre-upload-\d{14}\.tar$/);
    expect(readdirSync(target.paths.backups)).toContain(result.backup.name);
    expect(fileMode(target.paths.database)).toBe(0o600);
    expect(fileMode(target.paths.secret)).toBe(0o600);
    target.store.close();
  });

  it('uploads a passphrase-protected archive given its passphrase, and refuses a wrong one', async () => {
    const { source, bytes } = await savedArchive({ secretSeed: true, poolKeys: false, passphrase: 'pass phrase' });
    const target = openTestStore(tempDir());
    const before = filesFingerprint(target);
    await expect(uploadConfiguration(target.store, target.paths, bytes, { policy: testPolicy })).rejects.toThrow(/passphrase-protected/);
    await expect(uploadConfiguration(target.store, target.paths, bytes, { passphrase: 'wrong', policy: testPolicy })).rejects.toThrow('Cannot decrypt the archive: wrong passphrase, or the file is damaged.');
    expect(filesFingerprint(target)).toBe(before);
    await uploadConfiguration(target.store, target.paths, bytes, { passphrase: 'pass phrase', policy: testPolicy });
    expect(contentsOf(target).cloud).toEqual(contentsOf(source).cloud);
    target.store.close();
  });

  it('refuses an archive without the seed whose secrets this seed cannot read, and changes nothing', async () => {
    const { bytes } = await savedArchive({ secretSeed: false, poolKeys: false });
    const target = openTestStore(tempDir());
    target.store.cloudCredentials.create('mine', 'FTP', { host: 'h', user: 'u', pass: 'p' });
    const before = filesFingerprint(target);
    await expect(uploadConfiguration(target.store, target.paths, bytes, { policy: testPolicy })).rejects.toMatchObject({ message: expect.stringMatching(/saved without its secret seed/), reason: 'secrets-unreadable' });
    expect(filesFingerprint(target)).toBe(before);
    expect(target.store.cloudCredentials.list().map((r) => r.name)).toEqual(['mine']);
    expect(readdirSync(target.paths.backups)).toEqual([]);
  });

  it('with discard-secrets keeps the records, drops only what cannot be read, and lists it', async () => {
    const { bytes } = await savedArchive({ secretSeed: false, poolKeys: false });
    const target = openTestStore(tempDir());
    const result = await uploadConfiguration(target.store, target.paths, bytes, { discardSecrets: true, policy: testPolicy });
    expect(result.dropped).toEqual([
      { kind: 'SSH keypair', name: 'nas-key' },
      { kind: 'cloud credential', name: 'offsite-s3' },
      { kind: 'cloud credential', name: 'ftp-box' },
    ]);
    const contents = contentsOf(target);
    expect(contents.cloud).toEqual([
      { name: 'offsite-s3', type: 'S3', attributes: { endpoint: '' } },
      { name: 'ftp-box', type: 'FTP', attributes: { host: 'ftp.example.com', port: 21, user: 'nas' } },
    ]);
    expect(contents.keychain).toEqual([{ name: 'nas-key', type: 'SSH_KEY_PAIR', attributes: { public_key: expect.stringMatching(/^ssh-ed25519 AAAA\S+ nas$/) } }]);
    target.store.close();
  });

  it('accepts a bare config.db', async () => {
    const { source } = await savedArchive({ secretSeed: false, poolKeys: false });
    const members = await unpackTar((await buildConfigArchive(source.store, { secretSeed: false, poolKeys: false })).bytes);
    // Same machine (same seed): a bare database's secrets are readable.
    const result = await uploadConfiguration(source.store, source.paths, members.get('config.db')!, { policy: testPolicy });
    expect(result.counts).toEqual({ cloudCredentials: 2, keychainCredentials: 1, poolKeys: 0, destinations: 0, recipients: 0 });
    source.store.close();
  });

  describe('refuses bad input with its own clear message and leaves the store byte-for-byte unchanged', () => {
    async function expectRefused(makeBytes: (good: Buffer) => Buffer | Promise<Buffer>, message: string | RegExp) {
      const { bytes } = await savedArchive({ secretSeed: true, poolKeys: true });
      const target = openTestStore(tempDir());
      target.store.cloudCredentials.create('mine', 'FTP', { host: 'h', user: 'u', pass: 'p' });
      const before = filesFingerprint(target);
      await expect(uploadConfiguration(target.store, target.paths, await makeBytes(bytes), { policy: testPolicy })).rejects.toThrow(message);
      expect(filesFingerprint(target)).toBe(before);
      expect(readdirSync(target.paths.dir).filter((name) => name.startsWith('.'))).toEqual([]);
      expect(target.store.cloudCredentials.get('mine').attributes).toEqual({ host: 'h', user: 'u', pass: 'p' });
    }

    it('a non-tar file', () => expectRefused(() => Buffer.from('hello, this is not an archive at all'.repeat(40)), 'The file is not a valid tar archive, or it is truncated or corrupt.'));
    it('a truncated archive', () => expectRefused((good) => good.subarray(0, 2000), /truncated or corrupt|is missing/));
    it('an empty file', () => expectRefused(() => Buffer.alloc(0), 'The file is empty.'));
    it('an oversized file', () => expectRefused(() => Buffer.alloc(MAX_UPLOAD_BYTES + 1), /at most 129 MiB/));
    it('a tampered member (hash mismatch)', () =>
      expectRefused(async (good) => {
        const members = await unpackTar(good);
        const seed = Buffer.from(members.get('pwenc_secret')!);
        seed[0] ^= 0xff;
        members.set('pwenc_secret', seed);
        return packTar([...members].map(([name, data]) => ({ name, data })));
      }, 'The archive member pwenc_secret does not match its sha256 in the manifest: the archive is damaged or was altered.'));
    it('a corrupt database with a matching manifest', () =>
      expectRefused(async (good) => {
        const members = await unpackTar(good);
        const db = Buffer.from(members.get('config.db')!);
        db.fill(0x55, 100, 4096 * 2);
        return rebuildWithManifest(members, 'config.db', db);
      }, /corrupt/));
    it('a database from a newer nasconsole', () =>
      expectRefused(async (good) => {
        const members = await unpackTar(good);
        const dbPath = join(tempDir(), 'newer.db');
        writeFileSync(dbPath, members.get('config.db')!);
        const db = new Database(dbPath);
        db.pragma('user_version = 99');
        db.close();
        return rebuildWithManifest(members, 'config.db', readFileSync(dbPath));
      }, new RegExp(`newer nasconsole \\(schema 99, this one reads up to ${SCHEMA_VERSION}\\): upgrade nasconsole`)));
    it('a tar that is not ours', () => expectRefused(() => packTar([{ name: 'config.db', data: Buffer.from('x') }]), 'This tar is not a nasconsole configuration archive: it has no manifest.json.'));
  });
});

describe('data dir', () => {
  it('is created 0700 with a 0600 database and a 0600 32-byte secret', () => {
    const dir = join(tempDir(), 'nested', 'data');
    const { paths, store } = openTestStore(dir);
    store.cloudCredentials.create('x', 'FTP', { host: 'h', user: 'u' });
    expect(fileMode(paths.dir)).toBe(0o700);
    expect(fileMode(paths.backups)).toBe(0o700);
    expect(fileMode(paths.database)).toBe(0o600);
    expect(fileMode(paths.secret)).toBe(0o600);
    expect(statSync(paths.secret).size).toBe(32);
    store.close();
  });
});
