import { fakeOpensshKey } from '../fixtures/fakeKeys.js';
import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/common/errors.js';
import { buildConfigArchive, saveConfiguration } from '../../src/engine/archive/save.js';
import { unpackTar } from '../../src/engine/archive/tar.js';
import { uploadConfiguration } from '../../src/engine/archive/upload.js';
import { createBackup } from '../../src/engine/backups.js';
import { damagedSecrets, dropDamagedSecrets } from '../../src/engine/repair.js';
import { SeedCipher } from '../../src/engine/seedCipher.js';
import { archiveWithDatabaseChange, savedArchiveBytes } from '../helpers/archives.js';
import { contentsOf, filesFingerprint, fillStore, openTestStore, realKeypair, testPolicy } from '../helpers/dataStores.js';
import { addDestination, addRecipient, listDestinations, listRecipients } from '../../src/engine/offsite/index.js';
import { generateAgeKeyPair } from '../../src/engine/offsite/ageKeys.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { opensslPwenc } from '../helpers/truenas.js';

const tempDir = useTempDirs();

/** The schema as SQLite keeps it: every object's type, name and SQL. */
function schemaOf(db: Database.Database): unknown[] {
  return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
}

function seedOf(archive: Buffer): Promise<Buffer> {
  return unpackTar(archive).then((members) => members.get('pwenc_secret')!);
}

describe('an uploaded database is read as data, never trusted', () => {
  it('keeps nothing of its schema: triggers, views, indexes and extra tables stay out, and later saves, backups and uploads work', async () => {
    const good = await savedArchiveBytes(tempDir(), tempDir());
    const hostile = await archiveWithDatabaseChange(good, tempDir(), (db) => {
      db.exec(`
        CREATE TRIGGER wipe_on_audit AFTER INSERT ON audit_log BEGIN DELETE FROM cloud_credentials; DELETE FROM keychain_credentials; END;
        CREATE TRIGGER no_pool_keys BEFORE INSERT ON pool_keys BEGIN SELECT RAISE(FAIL, 'pool keys are mine'); END;
        CREATE TRIGGER drop_connections AFTER INSERT ON keychain_credentials BEGIN DELETE FROM keychain_credentials WHERE type = 'SSH_CREDENTIALS'; END;
        CREATE VIEW cloud_view AS SELECT * FROM cloud_credentials;
        CREATE TABLE extra (payload TEXT); INSERT INTO extra VALUES ('not ours');
        CREATE INDEX by_lower_name ON cloud_credentials (lower(name));
      `);
    });
    const fresh = openTestStore(tempDir());
    const freshSchema = schemaOf(fresh.store.db);
    fresh.store.close();

    const target = openTestStore(tempDir());
    const result = await uploadConfiguration(target.store, target.paths, hostile, { policy: testPolicy });
    expect(result.counts).toEqual({ cloudCredentials: 2, keychainCredentials: 1, poolKeys: 1, destinations: 0, recipients: 0 });
    expect(schemaOf(target.store.db)).toEqual(freshSchema);

    // What the triggers would have broken works: audit entries, pool keys, saves, backups, another upload.
    target.store.poolKeys.import([{ dataset: 'tank/other', key: 'ef'.repeat(32) }]);
    target.store.audit.record('test', 'nothing');
    expect(contentsOf(target).cloud).toHaveLength(2);
    await saveConfiguration(target.store, tempDir(), { secretSeed: true, poolKeys: true });
    await createBackup(target.store, target.paths, 'scheduled');
    await uploadConfiguration(target.store, target.paths, good, { policy: testPolicy });
    expect(contentsOf(target).poolKeys.map((key) => key.dataset)).toEqual(['tank/secure']);
    target.store.close();
  });

  it('refuses records that break the rules of add and edit, naming the first few, and changes nothing; --skip-invalid leaves them out', async () => {
    const good = await savedArchiveBytes(tempDir(), tempDir());
    const cipher = new SeedCipher(await seedOf(good));
    const encrypt = (attributes: unknown) => cipher.encrypt(JSON.stringify(attributes));
    const { privateKey } = generateKeyPairSync('ed25519');
    const protectedKey = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret words' }).toString();
    const ftp = { host: 'ftp.example.com', user: 'nas', pass: 'p' };
    const hostile = await archiveWithDatabaseChange(good, tempDir(), (db) => {
      const cloud = db.prepare("INSERT INTO cloud_credentials (id, name, provider, attributes, public_attributes, created_at, updated_at) VALUES (?, ?, ?, ?, '{}', 'x', 'x')");
      cloud.run(101, '\x1b[31mred\x1b[0m', 'FTP', encrypt(ftp));
      cloud.run(102, '', 'FTP', encrypt(ftp));
      cloud.run(103, 'n'.repeat(5000), 'FTP', encrypt(ftp));
      cloud.run(104, 'unknown-provider', 'NOPE', encrypt(ftp));
      cloud.run(105, 'ftp-without-host', 'FTP', encrypt({ user: 'nas', pass: 'p' }));
      cloud.run(106, Buffer.from('a name of the wrong type'), 'FTP', encrypt(ftp));
      cloud.run(107, 'garbage-attributes', 'FTP', 'not encrypted at all');
      const keychain = db.prepare("INSERT INTO keychain_credentials (id, name, type, attributes, public_attributes, created_at, updated_at) VALUES (?, ?, ?, ?, '{}', 'x', 'x')");
      keychain.run(201, 'garbage-key', 'SSH_KEY_PAIR', encrypt({ private_key: fakeOpensshKey('AAAA'), public_key: 'ssh-ed25519 AAAA' }));
      keychain.run(202, 'protected-key', 'SSH_KEY_PAIR', encrypt({ private_key: protectedKey, public_key: realKeypair().public_key }));
      keychain.run(203, 'bad-host', 'SSH_CREDENTIALS', encrypt({ host: 'a b', port: 22, username: 'root', private_key: 1, remote_host_key: 'x', connect_timeout: 10 }));
    });

    const target = openTestStore(tempDir());
    target.store.cloudCredentials.create('mine', 'FTP', { host: 'h', user: 'u', pass: 'p' });
    const before = filesFingerprint(target);
    const refusal = await uploadConfiguration(target.store, target.paths, hostile, { policy: testPolicy }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UserError);
    const message = (refusal as UserError).message;
    expect((refusal as UserError).reason).toBe('records-invalid');
    expect(message).toMatch(/^10 record\(s\) in the configuration break the rules: /);
    expect(message).toMatch(/; and 5 more\.$/);
    expect(message).not.toContain('\x1b');
    expect(message.split('\n')).toHaveLength(1);
    expect(filesFingerprint(target)).toBe(before);
    expect(readdirSync(target.paths.backups)).toEqual([]);

    const result = await uploadConfiguration(target.store, target.paths, hostile, { policy: testPolicy, skipInvalid: true });
    expect(result.skipped.map((entry) => entry.name).sort()).toEqual(
      ['\x1b[31mred\x1b[0m', '', 'n'.repeat(200), 'unknown-provider', 'ftp-without-host', '(a blob instead of a name)', 'garbage-attributes', 'garbage-key', 'protected-key', 'bad-host'].sort(),
    );
    expect(contentsOf(target).cloud.map((record) => record.name)).toEqual(['offsite-s3', 'ftp-box']);
    expect(contentsOf(target).keychain.map((record) => record.name)).toEqual(['nas-key']);
    target.store.close();
  });

  it('carries backup destinations and recipients across, and refuses a destination that names a credential not in the configuration', async () => {
    const source = openTestStore(tempDir());
    fillStore(source);
    addDestination(source.store, { name: 'offsite', kind: 'cloud', via: 'ftp-box', path: 'nas/backups', keep: 7 });
    const { recipient } = await generateAgeKeyPair();
    await addRecipient(source.store, recipient, 'paper copy');
    const saved = await saveConfiguration(source.store, tempDir(), { secretSeed: true, poolKeys: false });
    source.store.close();
    const archive = readFileSync(saved.path);

    const target = openTestStore(tempDir());
    await uploadConfiguration(target.store, target.paths, archive, { policy: testPolicy });
    expect(listDestinations(target.store).map(({ name, via, path, keep }) => ({ name, via, path, keep }))).toEqual([{ name: 'offsite', via: 'ftp-box', path: 'nas/backups', keep: 7 }]);
    expect(listRecipients(target.store).map(({ recipient: r, label }) => ({ r, label }))).toEqual([{ r: recipient, label: 'paper copy' }]);

    const dangling = await archiveWithDatabaseChange(archive, tempDir(), (db) => {
      db.pragma('foreign_keys = OFF');
      db.prepare('UPDATE backup_destinations SET cloud_credential_id = 999').run();
    });
    const fresh = openTestStore(tempDir());
    await expect(uploadConfiguration(fresh.store, fresh.paths, dangling, { policy: testPolicy })).rejects.toThrow(
      '1 record(s) in the configuration break the rules: backup destination "offsite": the cloud credential or SSH connection it names is not in the configuration.',
    );
    target.store.close();
    fresh.store.close();
  });

  it('re-encrypts legacy (unauthenticated) values as they come in: nothing unauthenticated stays in the store', async () => {
    const target = openTestStore(tempDir());
    target.store.cloudCredentials.create('ftp-box', 'FTP', { host: 'ftp.example.com', user: 'nas', pass: 'right-password' });
    const { bytes } = await buildConfigArchive(target.store, { secretSeed: false, poolKeys: false });
    const legacy = await archiveWithDatabaseChange(bytes, tempDir(), (db) => {
      const seed = readFileSync(target.paths.secret);
      db.prepare('UPDATE cloud_credentials SET attributes = ?').run(opensslPwenc(seed, JSON.stringify({ host: 'ftp.example.com', user: 'nas', pass: 'legacy-password' })));
    });
    const bare = (await unpackTar(legacy)).get('config.db')!;
    await uploadConfiguration(target.store, target.paths, bare, { policy: testPolicy });
    const raw = target.store.db.prepare('SELECT attributes FROM cloud_credentials').all() as { attributes: string }[];
    expect(raw.every((row) => row.attributes.startsWith('$nc1$'))).toBe(true);
    expect(target.store.cloudCredentials.get('ftp-box').attributes.pass).toBe('legacy-password');
    target.store.close();
  });

  it('a value altered in the store names its record, and repair drops just that secret', () => {
    const data = openTestStore(tempDir());
    data.store.cloudCredentials.create('intact', 'FTP', { host: 'h.example.com', user: 'u', pass: 'p' });
    const record = data.store.cloudCredentials.create('altered', 'FTP', { host: 'ftp.example.com', user: 'nas', pass: 'p' });
    data.store.poolKeys.import([{ dataset: 'tank/flipped', key: 'ab'.repeat(32) }]);
    const flip = (value: string) => value.slice(0, 20) + (value[20] === 'A' ? 'B' : 'A') + value.slice(21);
    const { attributes } = data.store.db.prepare('SELECT attributes FROM cloud_credentials WHERE id = ?').get(record.id) as { attributes: string };
    data.store.db.prepare('UPDATE cloud_credentials SET attributes = ? WHERE id = ?').run(flip(attributes), record.id);
    const { encryption_key: key } = data.store.db.prepare('SELECT encryption_key FROM pool_keys').get() as { encryption_key: string };
    data.store.db.prepare('UPDATE pool_keys SET encryption_key = ?').run(flip(key));

    expect(() => data.store.cloudCredentials.get('altered')).toThrow('The secrets of cloud credential "altered" do not decrypt: the stored value is damaged or was altered.');
    expect(() => data.store.poolKeys.list()).toThrow('The key of pool dataset "tank/flipped" does not decrypt');
    expect(damagedSecrets(data.store)).toEqual([
      { kind: 'cloud credential', name: 'altered' },
      { kind: 'pool key', name: 'tank/flipped' },
    ]);
    dropDamagedSecrets(data.store);
    expect(damagedSecrets(data.store)).toEqual([]);
    expect(data.store.cloudCredentials.get('altered').attributes).toEqual({ host: 'ftp.example.com', user: 'nas' });
    expect(data.store.cloudCredentials.get('intact').attributes.pass).toBe('p');
    data.store.close();
  });
});

/** A small deterministic PRNG (mulberry32): the same mutants every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(bytes: Buffer, random: () => number): Buffer {
  const copy = Buffer.from(bytes);
  const at = Math.floor(random() * copy.length);
  switch (Math.floor(random() * 4)) {
    case 0:
      copy[at] ^= 1 << Math.floor(random() * 8);
      return copy;
    case 1:
      return copy.subarray(0, at);
    case 2:
      for (let i = at; i < Math.min(copy.length, at + 1 + Math.floor(random() * 64)); i++) copy[i] = Math.floor(random() * 256);
      return copy;
    default:
      return Buffer.concat([copy.subarray(0, at), copy.subarray(Math.floor(random() * copy.length))]);
  }
}

describe('fuzzing the boundary (fixed seed, bounded count)', () => {
  it('every mutant archive is either a valid configuration or refused with one clean line, leaving the store unchanged', async () => {
    const random = prng(20261130);
    const good = await savedArchiveBytes(tempDir(), tempDir());
    const members = await unpackTar(good);
    const target = openTestStore(tempDir());
    target.store.cloudCredentials.create('mine', 'FTP', { host: 'h', user: 'u', pass: 'p' });
    const outcomes = { accepted: 0, refused: 0 };
    for (let i = 0; i < 240; i++) {
      // Half the mutants are of the whole file; half of the database inside, re-hashed as a forger would.
      const bytes = i % 2 === 0 ? mutate(good, random) : await rebuild(members, mutate(members.get('config.db')!, random));
      const before = filesFingerprint(target);
      try {
        await uploadConfiguration(target.store, target.paths, bytes, { policy: testPolicy });
        outcomes.accepted++;
        expect(contentsOf(target).cloud.length).toBeGreaterThan(0); // a store that still reads
      } catch (error) {
        outcomes.refused++;
        expect(error).toBeInstanceOf(UserError);
        expect((error as Error).message.split('\n')).toHaveLength(1);
        expect(filesFingerprint(target)).toBe(before);
      }
    }
    expect(outcomes.refused).toBeGreaterThan(100);
    target.store.close();
  });

  it('every mutant private key is imported or refused with one clean line', async () => {
    const { importKeypair } = await import('../../src/engine/ssh/keys.js');
    const random = prng(7);
    const sources = [realKeypair().private_key, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()];
    for (let i = 0; i < 200; i++) {
      const text = mutate(Buffer.from(sources[i % sources.length]!), random).toString('latin1');
      try {
        await importKeypair({ privateKey: text });
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        expect((error as Error).message.split('\n')).toHaveLength(1);
      }
    }
  });
});

async function rebuild(members: Map<string, Buffer>, database: Buffer): Promise<Buffer> {
  const { rebuildWithManifest } = await import('../helpers/archives.js');
  return rebuildWithManifest(new Map(members), 'config.db', database);
}
