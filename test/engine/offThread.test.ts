import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/common/errors.js';
import { readArchive } from '../../src/engine/archive/readArchive.js';
import { saveConfiguration } from '../../src/engine/archive/save.js';
import { listBackups } from '../../src/engine/backups.js';
import { dataPaths } from '../../src/engine/dataDir.js';
import { openDataStore } from '../../src/engine/dataStore.js';
import { sha256Hex } from '../../src/engine/fsSafe.js';
import { runEngineJob } from '../../src/engine/offThread/index.js';
import { observeTempFiles } from '../../src/engine/tempFiles.js';
import { appSecretPolicy } from '../../src/engine/appSecretPolicy.js';
import { addCloudCredential } from '../../src/engine/cloud/index.js';
import { addDestination } from '../../src/engine/offsite/index.js';
import { contentsOf, fillStore } from '../helpers/dataStores.js';
import { useBlackHole } from '../helpers/servers.js';
import { useTempDirs } from '../helpers/tempDir.js';

const tempDir = useTempDirs();
const blackHole = useBlackHole();
const noObserver = { track: () => undefined, forget: () => undefined };
afterEach(() => observeTempFiles(noObserver));

function filledDataDir(credentials = 0): string {
  const dir = join(tempDir(), 'data');
  const data = openDataStore(dir, appSecretPolicy);
  fillStore(data);
  data.store.db.transaction(() => {
    for (let i = 0; i < credentials; i++) data.store.cloudCredentials.create(`bulk-${i}`, 'FTP', { host: 'ftp.example.com', user: 'nas', pass: `p-${i}-${'x'.repeat(900)}` });
  })();
  data.store.close();
  return dir;
}

/** Timer ticks (every 5 ms) this thread ran until `work` settled: none while the work holds the thread. */
async function ticksDuring<T>(work: Promise<T>): Promise<{ value: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  try {
    return { value: await work, ticks };
  } finally {
    clearInterval(timer);
  }
}

/** Processes whose command line names `text` (an rclone given that config dir). */
function processesNaming(text: string): string[] {
  return readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
    } catch {
      return false; // gone meanwhile
    }
  });
}

const tempFilesIn = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

describe('engine jobs off the UI thread', () => {
  it('runs a save with a passphrase in a worker: this thread keeps ticking and gets the archive', async () => {
    const dataDir = filledDataDir();
    const out = tempDir();
    const { value: saved, ticks } = await ticksDuring(runEngineJob('save', { dataDir, to: out, options: { secretSeed: true, poolKeys: false, passphrase: 'correct horse' }, at: Date.now() }));
    // The age work factor alone is a second or more of scrypt: held on this thread, a handful of ticks.
    expect(ticks).toBeGreaterThan(40);
    expect(saved.path.startsWith(out)).toBe(true);
    const bytes = readFileSync(saved.path);
    expect(sha256Hex(bytes)).toBe(saved.sha256);
    const contents = await readArchive(bytes, 'correct horse');
    expect(contents.seed?.length).toBe(32);
    expect(saved.manifest.options).toEqual({ secretSeed: true, poolKeys: false, passphrase: true });
  });

  it('brings a refusal back as the same UserError: one line, its reason', async () => {
    const dataDir = filledDataDir();
    const target = join(tempDir(), 'existing.tar');
    writeFileSync(target, 'an older file');
    const inline = openDataStore(dataDir, appSecretPolicy);
    const expected = (await saveConfiguration(inline.store, target, { secretSeed: false, poolKeys: false }).catch((error: unknown) => error)) as UserError;
    inline.store.close();

    const error = await runEngineJob('save', { dataDir, to: target, options: { secretSeed: false, poolKeys: false }, at: Date.now() }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(expected.message);
    expect((error as UserError).reason).toBe('target-exists');
    expect(readFileSync(target, 'utf8')).toBe('an older file');
  });

  it('an abort terminates the save: it says so, and neither the archive nor its temp file is left', async () => {
    const dataDir = filledDataDir(3000); // a few MB to write and fsync: the temp file lives long enough to be seen
    const out = tempDir();
    const controller = new AbortController();
    let seen = false;
    observeTempFiles({
      track: (path) => {
        // The worker reported its temp file: wait (holding this thread, the worker goes on) until it exists, then abort.
        for (let spins = 0; spins < 5_000_000 && !seen; spins++) seen = existsSync(path);
        controller.abort();
      },
      forget: () => undefined,
    });
    const outcome = runEngineJob('save', { dataDir, to: out, options: { secretSeed: true, poolKeys: true }, at: Date.now() }, { signal: controller.signal, cancelledMessage: 'Save cancelled.' });
    await expect(outcome).rejects.toThrow('Save cancelled.');
    expect(seen).toBe(true);
    expect(tempFilesIn(out)).toEqual([]);
    expect(readdirSync(out).filter((name) => name.endsWith('.tar'))).toEqual([]);
  });

  it('uploads a saved file in a worker: the store open on this thread then holds its records', async () => {
    const source = filledDataDir();
    const open = openDataStore(source, appSecretPolicy);
    const expected = contentsOf(open);
    const saved = await saveConfiguration(open.store, tempDir(), { secretSeed: true, poolKeys: true });
    open.store.close();
    const target = openDataStore(join(tempDir(), 'target'), appSecretPolicy);
    try {
      const result = await runEngineJob('upload', { dataDir: target.paths.dir, path: saved.path, options: { source: 'saved.tar' } });
      expect(result.counts.cloudCredentials).toBe(2);
      expect(result.seedReplaced).toBe(true);
      expect(contentsOf(target)).toEqual(expected); // this connection followed the new seed
    } finally {
      target.store.close();
    }
  });

  it('Esc on a restore from a server that never answers: the job is asked to stop, says so, and leaves no rclone running', async () => {
    const dataDir = filledDataDir();
    const data = openDataStore(dataDir, appSecretPolicy);
    await addCloudCredential(data.store, { name: 'dav', provider: 'WEBDAV', attributes: { url: `http://${blackHole.host}:${blackHole.port}/`, vendor: 'OTHER', user: 'nas', pass: 'dav-pass' } });
    addDestination(data.store, { name: 'silent', kind: 'cloud', via: 'dav', path: 'nas' });
    data.store.close();
    const controller = new AbortController();
    const rcloneConfigs: string[] = [];
    observeTempFiles({ track: (path) => void rcloneConfigs.push(path), forget: () => undefined });
    const name = 'nas-nasconsole-20260101T034500Z.tar.age';
    const restore = runEngineJob('restore', { dataDir, destination: 'silent', name, key: { passphrase: 'pw' }, options: {} }, { signal: controller.signal, cancelledMessage: 'Restore cancelled.' });
    await vi.waitFor(() => expect(rcloneConfigs.length).toBeGreaterThan(0), { timeout: 10_000 }); // rclone is started, waiting on the server
    controller.abort();
    await expect(restore).rejects.toThrow('Restore cancelled.');
    expect(rcloneConfigs.filter((path) => existsSync(path))).toEqual([]);
    expect(processesNaming(rcloneConfigs[0]!)).toEqual([]);
  });

  it('makes the due daily backup in a worker', async () => {
    const dataDir = filledDataDir();
    const run = await runEngineJob('scheduledBackup', { dataDir, at: Date.now() });
    expect(run.created?.kind).toBe('scheduled');
    expect(listBackups(dataPaths(dataDir)).map((entry) => entry.name)).toEqual([run.created!.name]);
  });
});
