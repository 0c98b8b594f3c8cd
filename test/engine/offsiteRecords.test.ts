import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appSecretPolicy } from '../../src/cli/context.js';
import { runScheduledBackup, listBackups, pushNewestBackup } from '../../src/engine/backups.js';
import { addCloudCredential, deleteCloudCredential } from '../../src/engine/cloud/index.js';
import { openDataStore, type DataStore } from '../../src/engine/dataStore.js';
import { addManualConnection, deleteConnection } from '../../src/engine/keychain/connections.js';
import { deleteKeypair, generateKeypairRecord } from '../../src/engine/keychain/keypairs.js';
import { encryptToRecipients } from '../../src/engine/offsite/ageKeys.js';
import {
  addDestination,
  addRecipient,
  generateRecipient,
  listDestinations,
  listRecipients,
  parseIdentityFile,
  removeDestination,
  removeRecipient,
} from '../../src/engine/offsite/index.js';
import { parseRemoteBackupName, remoteBackupName, retentionVictims, temporaryName } from '../../src/engine/offsite/remoteNames.js';
import { useTempDirs } from '../helpers/tempDir.js';

// Destinations and recipients in the store: the rules that need no server.

const tempDir = useTempDirs();

function openStore(): DataStore {
  return openDataStore(join(tempDir(), 'data'), appSecretPolicy);
}

/** A store with one WebDAV credential and one SSH connection (on a keypair) to name. */
async function storeWithCredentials(): Promise<DataStore> {
  const data = openStore();
  await addCloudCredential(data.store, { name: 'dav', provider: 'WEBDAV', attributes: { url: 'http://127.0.0.1:9/', vendor: 'OTHER', user: 'u', pass: 'p' } });
  const keypair = await generateKeypairRecord(data.store, 'nas-key');
  // Any valid key line does as the pinned host key: nothing connects here.
  await addManualConnection(data.store, { name: 'nas', host: '127.0.0.1', port: 9, username: 'backup', keypair: { keypair: keypair.id }, remoteHostKey: keypair.publicKey });
  return data;
}

function ageCli(args: string[], input?: Buffer): { status: number | null; stdout: Buffer; stderr: string } {
  const result = spawnSync('age', args, { input, timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

describe('backup destinations in the store', () => {
  it('names a stored cloud credential or SSH connection, with a path and a retention, and lists them with no result yet', async () => {
    const { store } = await storeWithCredentials();
    addDestination(store, { name: 'offsite', kind: 'cloud', via: 'dav', path: 'backups/nas/', keep: 2 });
    addDestination(store, { name: 'other-nas', kind: 'ssh', via: 'nas', path: '/srv/backups/' });
    expect(listDestinations(store)).toEqual([
      { id: expect.any(Number), name: 'offsite', kind: 'cloud', viaKind: 'cloud credential', via: 'dav', path: 'backups/nas', keep: 2, lastPush: null },
      { id: expect.any(Number), name: 'other-nas', kind: 'ssh', viaKind: 'SSH connection', via: 'nas', path: '/srv/backups', keep: 30, lastPush: null },
    ]);
    expect(store.audit.list().filter((entry) => entry.kind === 'backup destination').map((entry) => entry.record)).toEqual(['other-nas', 'offsite']);
    removeDestination(store, 'offsite');
    expect(listDestinations(store).map((destination) => destination.name)).toEqual(['other-nas']);
    store.close();
  });

  it('refuses what could never hold a backup: a missing credential, a keypair as a connection, a relative SSH path, "..", a bad retention, a read-only provider, a taken name', async () => {
    const { store } = await storeWithCredentials();
    await addCloudCredential(store, { name: 'web', provider: 'HTTP', attributes: { url: 'http://127.0.0.1:9/' } });
    const refused = (input: Parameters<typeof addDestination>[1]) => {
      try {
        addDestination(store, input);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refused({ name: 'd', kind: 'cloud', via: 'nope', path: 'b' })).toBe('No cloud credential named "nope".');
    expect(refused({ name: 'd', kind: 'ssh', via: 'nas-key', path: '/b' })).toBe('No SSH connection named "nas-key".');
    expect(refused({ name: 'd', kind: 'ssh', via: 'nas', path: 'relative/dir' })).toMatch(/absolute path/);
    expect(refused({ name: 'd', kind: 'cloud', via: 'dav', path: 'b/../../etc' })).toMatch(/"\.\."/);
    expect(refused({ name: 'd', kind: 'cloud', via: 'dav', path: '   ' })).toMatch(/Give a path/);
    expect(refused({ name: 'd', kind: 'cloud', via: 'dav', path: 'b', keep: 0 })).toMatch(/whole number from 1 to 3650/);
    expect(refused({ name: 'd', kind: 'cloud', via: 'web', path: 'b' })).toBe('Cloud credential "web" cannot hold backups: HTTP is read-only.');
    addDestination(store, { name: 'd', kind: 'cloud', via: 'dav', path: 'b' });
    expect(refused({ name: 'd', kind: 'cloud', via: 'dav', path: 'c' })).toBe('A backup destination named "d" already exists.');
    expect(listDestinations(store)).toHaveLength(1);
    store.close();
  });

  it('refuses to delete a credential, a connection or (with cascade) the keypair under a connection that a destination uses; after the destination goes, they can', async () => {
    const { store } = await storeWithCredentials();
    addDestination(store, { name: 'offsite', kind: 'cloud', via: 'dav', path: 'b' });
    addDestination(store, { name: 'nas-copy', kind: 'ssh', via: 'nas', path: '/b' });
    expect(() => deleteCloudCredential(store, 'dav')).toThrow('Cloud credential "dav" is used by backup destination "offsite": remove the destination first.');
    expect(() => deleteConnection(store, 'nas')).toThrow('SSH connection "nas" is used by backup destination "nas-copy": remove the destination first.');
    expect(() => deleteKeypair(store, 'nas-key', { cascade: true })).toThrow(
      'Keypair "nas-key" is used by SSH connection "nas", which is used by backup destination "nas-copy": remove the destination first.',
    );
    expect(store.cloudCredentials.find('dav')).toBeDefined();
    expect(store.keychain.find('nas')).toBeDefined();
    expect(store.keychain.find('nas-key')).toBeDefined();

    // The foreign keys refuse it too, for a delete that does not go through the engine.
    expect(() => store.db.prepare("DELETE FROM cloud_credentials WHERE name = 'dav'").run()).toThrow(/FOREIGN KEY constraint failed/);
    // And an SSH destination can only name a connection, never a keypair.
    const keypairId = store.keychain.find('nas-key')!.id;
    expect(() => store.db.prepare("INSERT INTO backup_destinations (name, ssh_connection_id, path, keep, created_at) VALUES ('x', ?, '/x', 1, 'now')").run(keypairId)).toThrow(/must name an SSH connection/);

    removeDestination(store, 'offsite');
    removeDestination(store, 'nas-copy');
    deleteCloudCredential(store, 'dav');
    expect(deleteKeypair(store, 'nas-key', { cascade: true })).toEqual({ name: 'nas-key', connectionsDeleted: ['nas'] });
    store.close();
  });
});

describe('age recipients', () => {
  it('keeps X25519 recipients (checksum checked) and refuses anything else', async () => {
    const { store } = openStore();
    const generated = await generateRecipient(store, 'paper copy');
    const text = generated.recipient.recipient;
    expect(text).toMatch(/^age1[0-9a-z]{58}$/);
    await expect(addRecipient(store, text)).rejects.toThrow(`The recipient ${text} is already there.`);
    await expect(addRecipient(store, `${text.slice(0, -1)}${text.endsWith('q') ? 'p' : 'q'}`)).rejects.toThrow(/checksum is wrong/);
    await expect(addRecipient(store, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH')).rejects.toThrow(/starts with "age1"/);
    await expect(addRecipient(store, `age1pq1${'q'.repeat(100)}`)).rejects.toThrow(/post-quantum/);
    expect(listRecipients(store).map((row) => [row.recipient, row.label])).toEqual([[text, 'paper copy']]);
    expect(removeRecipient(store, ` ${text.toUpperCase()} `).recipient).toBe(text);
    expect(listRecipients(store)).toEqual([]);
    store.close();
  });

  it('keygen keeps only the recipient; the identity it shows once decrypts, with the real age, what is encrypted to it', async () => {
    const data = openStore();
    const { identity, identityFile, recipient } = await generateRecipient(data.store);
    expect(parseIdentityFile(identityFile)).toEqual([identity]);
    expect(identityFile).toContain(`# public key: ${recipient.recipient}`);
    // Nothing of the identity is stored: not in the database, its WAL, or the audit log.
    data.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const secretPart = identity.slice('AGE-SECRET-KEY-1'.length);
    for (const file of [data.paths.database, `${data.paths.database}-wal`]) {
      let bytes = '';
      try {
        bytes = readFileSync(file, 'latin1');
      } catch {
        continue;
      }
      expect(bytes).not.toContain(secretPart);
      expect(bytes.toLowerCase()).not.toContain(secretPart.toLowerCase());
    }
    const identityPath = join(tempDir(), 'identity.txt');
    writeFileSync(identityPath, identityFile, { mode: 0o600 });
    const sealed = await encryptToRecipients(Buffer.from('the configuration'), [recipient.recipient]);
    const decrypted = ageCli(['-d', '-i', identityPath], sealed);
    expect(decrypted.stderr).toBe('');
    expect(decrypted.stdout.toString()).toBe('the configuration');
    data.store.close();
  });

  it('an identity file is read as age-keygen writes it, and a line that is not a key is refused without quoting it', () => {
    expect(() => parseIdentityFile('# only comments\n')).toThrow('The identity file holds no age identity (AGE-SECRET-KEY-1...).');
    expect(() => parseIdentityFile('# x\nAGE-SECRET-KEY-1NOT_A_KEY\n')).toThrow('Line 2 of the identity file is not an age identity (AGE-SECRET-KEY-1...).');
  });
});

describe('no recipient, no push', () => {
  it('the daily run still makes the local backup and records on each destination why nothing left; a manual push is refused before anything', async () => {
    const data = await storeWithCredentials();
    addDestination(data.store, { name: 'offsite', kind: 'cloud', via: 'dav', path: 'b' });
    const run = await runScheduledBackup(data.store, data.paths, new Date('2026-11-24T09:00:00'));
    expect(run.created?.name).toBe('scheduled-2026-11-24.tar');
    expect(listBackups(data.paths).map((entry) => entry.name)).toEqual(['scheduled-2026-11-24.tar']);
    expect(run.pushes).toEqual([{ destination: 'offsite', ok: false, file: null, message: expect.stringMatching(/^No backup leaves this machine unencrypted, and there is no age recipient/), removed: [] }]);
    expect(listDestinations(data.store)[0]!.lastPush).toMatchObject({ ok: false, message: run.pushes[0]!.message, file: null });
    await expect(pushNewestBackup(data.store, data.paths)).rejects.toMatchObject({ reason: 'recipient-required' });
    data.store.close();
  });
});

describe('names on a destination', () => {
  it('are recognisable, carry host and UTC time, and retention picks only this host\'s beyond the newest N and its interrupted uploads', () => {
    const name = (day: number, host = 'nas') => remoteBackupName(host, new Date(Date.UTC(2026, 10, day, 3, 45, 0)));
    expect(name(24)).toBe('nas-nasconsole-20261124T034500Z.tar.age');
    expect(parseRemoteBackupName(name(24, 'my-nas.lan'))).toEqual({ name: 'my-nas.lan-nasconsole-20261124T034500Z.tar.age', host: 'my-nas.lan', createdAt: '2026-11-24T03:45:00.000Z' });
    expect(parseRemoteBackupName('notes.txt')).toBeUndefined();
    const interrupted = temporaryName(name(20));
    const inFlight = temporaryName(name(24));
    const listing = [name(21), name(24), name(22), name(23, 'other'), name(1, 'other'), 'notes.txt', interrupted, inFlight, temporaryName('notes.txt')];
    expect(retentionVictims(listing, 'nas', 2, name(24))).toEqual([name(21), interrupted]);
  });
});
