import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { appSecretPolicy } from '../../src/cli/context.js';
import { readArchive } from '../../src/engine/archive/readArchive.js';
import { saveConfiguration } from '../../src/engine/archive/save.js';
import { addCloudCredential } from '../../src/engine/cloud/index.js';
import { openDataStore } from '../../src/engine/dataStore.js';
import { damagedSecrets } from '../../src/engine/repair.js';
import { readIncomingConfiguration } from '../../src/engine/restore/incoming.js';
import { runCli } from '../helpers/cli.js';
import { runStoreWorker, type WorkerLine } from '../helpers/storeWorkers.js';
import { useTempDirs } from '../helpers/tempDir.js';

const tempDir = useTempDirs();

function names(dataDir: string): string[] {
  const { store } = openDataStore(dataDir, appSecretPolicy);
  try {
    return store.cloudCredentials.list().map((record) => record.name);
  } finally {
    store.close();
  }
}

const failures = (lines: WorkerLine[]) => lines.filter((line) => line.ok === false);

describe('several processes on one store', () => {
  it('two processes adding 200 records each lose none and report no error', async () => {
    const dir = tempDir();
    openDataStore(dir, appSecretPolicy).store.close();
    const [first, second] = await Promise.all([runStoreWorker(['add', dir, '200', 'first']), runStoreWorker(['add', dir, '200', 'second'])]);
    expect([first.code, second.code, first.stderr, second.stderr]).toEqual([0, 0, '', '']);
    expect(failures(first.lines)).toEqual([]);
    expect(failures(second.lines)).toEqual([]);
    const stored = names(dir);
    expect(stored).toHaveLength(400);
    for (const line of [...first.lines, ...second.lines]) expect(stored).toContain(line.name);
  });

  it('two processes editing different fields of one record 100 times each: both fields land every time', async () => {
    const dir = tempDir();
    const { store } = openDataStore(dir, appSecretPolicy);
    await addCloudCredential(store, { name: 'shared', provider: 'FTP', attributes: { host: 'ftp.example.com', user: 'user-start', pass: 'pass-start' } });
    store.close();
    const [users, passwords] = await Promise.all([runStoreWorker(['edit', dir, '100', 'shared', 'user']), runStoreWorker(['edit', dir, '100', 'shared', 'pass'])]);
    expect([users.code, passwords.code]).toEqual([0, 0]);
    expect(failures(users.lines)).toEqual([]);
    expect(failures(passwords.lines)).toEqual([]);
    // What each process saw of the other's field only ever moved forward: no edit was undone.
    const rank = (value: unknown) => (String(value).endsWith('-start') ? -1 : Number(String(value).split('-')[1]));
    for (const [lines, other] of [[passwords.lines, 'user'], [users.lines, 'pass']] as const) {
      const seen = lines.filter((line) => line.op === 'seen').map((line) => rank(line.attributes![other]));
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
    }
    const final = openDataStore(dir, appSecretPolicy);
    expect(final.store.cloudCredentials.get('shared').attributes).toMatchObject({ user: 'user-0099', pass: 'pass-0099', host: 'ftp.example.com' });
    final.store.close();
  });

  it('an upload from another process while adds run: every add that reported success is kept, and later adds use the new seed', async () => {
    const source = tempDir();
    const sourceStore = openDataStore(source, appSecretPolicy);
    await addCloudCredential(sourceStore.store, { name: 'from-the-archive', provider: 'FTP', attributes: { host: 'ftp.example.com', user: 'u', pass: 'p' } });
    const saved = await saveConfiguration(sourceStore.store, tempDir(), { secretSeed: true, poolKeys: true });
    sourceStore.store.close();

    const dir = tempDir();
    openDataStore(dir, appSecretPolicy).store.close();
    const adds = runStoreWorker(['add', dir, '150', 'busy'], { WORKER_PAUSE_MS: '5' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const upload = await runCli(['--data-dir', dir, 'config', 'upload', saved.path, '--json']);
    const added = await adds;
    expect(upload.stderr).toBe('');
    expect(upload.code).toBe(0);
    expect(added.code).toBe(0);
    expect(failures(added.lines)).toEqual([]);

    // Each add is either in the backup taken at the upload (it came before) or in the new store.
    const backup = readIncomingConfiguration((await readArchive(readFileSync(upload.json().backup))).database);
    const before = new Set(backup.cloud.map((record) => String(record.name)));
    const after = new Set(names(dir));
    expect(after.has('from-the-archive')).toBe(true);
    const lost = added.lines.filter((line) => !before.has(line.name!) && !after.has(line.name!));
    expect(lost).toEqual([]);
    expect([...after].filter((name) => name.startsWith('busy-')).length).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'pwenc_secret')).equals(readFileSync(join(source, 'pwenc_secret')))).toBe(true);
    const reopened = openDataStore(dir, appSecretPolicy);
    expect(damagedSecrets(reopened.store)).toEqual([]);
    expect(reopened.store.cloudCredentials.decryptAll().length).toBe(after.size);
    reopened.store.close();
  });

  it('a write waits while another process holds the store, instead of failing', async () => {
    const dir = tempDir();
    openDataStore(dir, appSecretPolicy).store.close();
    const holder = new Database(join(dir, 'config.db'));
    holder.exec('BEGIN IMMEDIATE');
    const adding = runCli(['--data-dir', dir, 'cloud', 'add', 'patient', '--provider', 'FTP', '--attributes-file', '-'], { input: '{"host":"h.example.com","user":"u","pass":"p"}' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    holder.exec('COMMIT');
    holder.close();
    const result = await adding;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(names(dir)).toEqual(['patient']);
  });
});
