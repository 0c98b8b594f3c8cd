import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openUploadFile } from '../../src/engine/archive/readArchive.js';
import { STORE_CAPACITY } from '../../src/engine/store/capacity.js';
import { cliIn, type CliResult } from '../helpers/cli.js';
import { contentsOf, openTestStore } from '../helpers/dataStores.js';
import { useTempDirs } from '../helpers/tempDir.js';

const tempDir = useTempDirs();
const MiB = 1024 * 1024;
const OLD_LIMIT = 10 * MiB;

function expectRefused(result: CliResult, message: RegExp): void {
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
  expect(result.code).toBe(1);
}

function expectOk(result: CliResult): void {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

/** A store whose archive is larger than TrueNAS's 10 MiB, made through the engine in one transaction. */
function largeStore(dir: string) {
  const data = openTestStore(dir);
  data.store.write(() => {
    for (let i = 0; i < 5_500; i++) {
      data.store.cloudCredentials.create(`bucket-${String(i).padStart(5, '0')}`, i % 2 ? 'S3' : 'FTP', i % 2
        ? { access_key_id: `AKIA${String(i).padStart(12, '0')}`, secret_access_key: `s/${i}+${'k'.repeat(30)}`, endpoint: `https://s3-${i}.example.com/${'p'.repeat(1200)}` }
        : { host: `ftp-${i}.example.com`, port: 21, user: `user${i}`, pass: `pass-${i}-${'x'.repeat(1000)}` });
    }
  });
  return data;
}

/** Every record of a data dir, decrypted, read through the engine. */
function recordsIn(dir: string) {
  const data = openTestStore(dir);
  try {
    return contentsOf(data);
  } finally {
    data.store.close();
  }
}

/** 1, 2, 3...: rows for raw inserts (SQLite's generate_series is not in every build). */
const SERIES = 'WITH RECURSIVE series(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM series LIMIT 200000)';

/** /proc/self/io: bytes this process has read through read(2) and its kin. */
function bytesReadSoFar(): number {
  return Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))![1]);
}

describe('what nasconsole saves, it uploads', () => {
  it('saves a store past the old 10 MiB limit, and its save, daily backup and pre-upload backup each upload into a fresh data dir with every record equal', async () => {
    const sourceDir = tempDir();
    const source = largeStore(sourceDir);
    const expected = contentsOf(source);
    source.store.close();

    const out = tempDir();
    expectOk(await cliIn(sourceDir, ['config', 'save', '--to', out, '--secret-seed', '--pool-keys']));
    const [saved] = readdirSync(out);
    expect(statSync(join(out, saved!)).size).toBeGreaterThan(OLD_LIMIT);

    // The save uploads into a fresh data dir.
    const fresh = tempDir();
    expectOk(await cliIn(fresh, ['config', 'upload', join(out, saved!)]));
    expect(recordsIn(fresh)).toEqual(expected);

    // The daily backup of that store; uploading it makes a pre-upload backup of the same store.
    const scheduled = await cliIn(fresh, ['backup', 'scheduled', '--json']);
    expectOk(scheduled);
    const daily = scheduled.json().created.path as string;
    expect(statSync(daily).size).toBeGreaterThan(OLD_LIMIT);
    const upload = await cliIn(fresh, ['config', 'upload', daily, '--json']);
    expectOk(upload);
    expect(recordsIn(fresh)).toEqual(expected);
    const preUpload = upload.json().backup as string;
    expect(statSync(preUpload).size).toBeGreaterThan(OLD_LIMIT);

    const another = tempDir();
    expectOk(await cliIn(another, ['config', 'upload', preUpload]));
    expect(recordsIn(another)).toEqual(expected);
  }, 60_000);

  it('refuses a 3 GiB file from its size, at once and without reading it, leaving the store as it was', async () => {
    const dir = tempDir();
    const data = openTestStore(dir);
    data.store.cloudCredentials.create('mine', 'FTP', { host: 'h', user: 'u', pass: 'p' });
    data.store.close();
    const huge = join(tempDir(), 'huge.tar');
    writeFileSync(huge, '');
    truncateSync(huge, 3 * 1024 * MiB); // sparse: a read of it would be gigabytes of zeros

    const before = bytesReadSoFar();
    expect(() => openUploadFile(huge)).toThrow(/is larger than a configuration upload may be \(at most 129 MiB\)/);
    expect(bytesReadSoFar() - before).toBeLessThan(64 * 1024); // /proc/self/io itself, not the file

    expectRefused(await cliIn(dir, ['config', 'upload', huge]), /huge\.tar is larger than a configuration upload may be \(at most 129 MiB\)/);
    expect(recordsIn(dir).cloud).toEqual([{ name: 'mine', type: 'FTP', attributes: { host: 'h', user: 'u', pass: 'p' } }]);
  });

  it('refuses to save a store whose archive an upload would refuse (over the upload limit), writing nothing', async () => {
    const dir = tempDir();
    openTestStore(dir).store.close();
    // A store made larger than the capacity by other means (an older version): filled here
    // without the ceiling every nasconsole connection sets.
    const raw = new Database(join(dir, 'config.db'));
    raw.prepare(`${SERIES} INSERT INTO audit_log (at, action, kind, record, detail) SELECT '2026-01-01', 'note', 'x', NULL, hex(randomblob(512 * 1024)) FROM series WHERE value <= 132`).run();
    raw.close();
    const out = tempDir();
    expectRefused(await cliIn(dir, ['config', 'save', '--to', out]), /The configuration makes a 1\d\d\.\d MiB archive, and an upload takes at most 129 MiB: it could not be restored, so nothing was written\./);
    expect(readdirSync(out)).toEqual([]);
  }, 30_000);

  it('refuses an add to a store at its size ceiling with one line, changing nothing', async () => {
    const dir = tempDir();
    openTestStore(dir).store.close();
    const raw = new Database(join(dir, 'config.db'));
    raw.pragma(`max_page_count = ${STORE_CAPACITY.maxDatabaseBytes / (raw.pragma('page_size', { simple: true }) as number)}`);
    const note = raw.prepare("INSERT INTO audit_log (at, action, kind, record, detail) VALUES ('2026-01-01', 'note', 'x', NULL, hex(randomblob(?)))");
    // Large notes to the ceiling, then smaller ones until no page has room for an add's audit entry.
    for (const size of [512 * 1024, 1024, 8]) {
      try {
        for (;;) note.run(size); // until SQLite says the database is full
      } catch (error) {
        expect((error as { code?: string }).code).toBe('SQLITE_FULL');
      }
    }
    raw.close();
    const attributes = join(tempDir(), 'ftp.json');
    writeFileSync(attributes, JSON.stringify({ host: 'h', user: 'u', pass: 'p' }));
    expectRefused(await cliIn(dir, ['cloud', 'add', 'no-room', '--provider', 'FTP', '--attributes-file', attributes]), /^nasconsole: The configuration store is full: it holds at most 128 MiB \(or the disk is full\)\. Nothing was changed\.$/m);
    expect(recordsIn(dir).cloud).toEqual([]);
  }, 30_000);

  it('refuses to save a store with more rows than an upload takes, and refuses the add that would pass the bound', async () => {
    const dir = tempDir();
    openTestStore(dir).store.close();
    const raw = new Database(join(dir, 'config.db'));
    const fill = (prefix: string, count: number) =>
      raw.prepare(`${SERIES} INSERT INTO cloud_credentials (name, provider, attributes, created_at, updated_at) SELECT ? || value, 'FTP', '$nc1$', 'now', 'now' FROM series WHERE value <= ?`).run(prefix, count);
    fill('r', STORE_CAPACITY.maxRowsPerTable);
    const attributes = join(tempDir(), 'ftp.json');
    writeFileSync(attributes, JSON.stringify({ host: 'h', user: 'u', pass: 'p' }));
    expectRefused(await cliIn(dir, ['cloud', 'add', 'one-too-many', '--provider', 'FTP', '--attributes-file', attributes]), /may hold at most 100000 cloud credentials \(100001 here\): nothing was changed/);
    expect((raw.prepare('SELECT count(*) AS n FROM cloud_credentials').get() as { n: number }).n).toBe(STORE_CAPACITY.maxRowsPerTable);

    raw.prepare("DELETE FROM cloud_credentials WHERE name = 'r1'").run();
    fill('older-', 2); // an older version's store, over the bound
    raw.close();
    const out = tempDir();
    expectRefused(await cliIn(dir, ['config', 'save', '--to', out]), /may hold at most 100000 cloud credentials \(100001 here\): an upload would refuse an archive of it, so none was written/);
    expect(readdirSync(out)).toEqual([]);
  }, 30_000);
});
