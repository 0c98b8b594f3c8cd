import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  acceptHostKey,
  addManualConnection,
  addSemiAutomaticConnection,
  connectionDetails,
  deleteConnection,
  editConnection,
  listConnections,
} from '../../src/engine/keychain/connections.js';
import {
  deleteKeypair,
  exportKeypairToFile,
  generateKeypairRecord,
  importKeypairRecord,
  keypairDetails,
  listKeypairs,
  privateKeyNeedsPassphrase,
  renameKeypair,
} from '../../src/engine/keychain/keypairs.js';
import type { DataStore } from '../../src/engine/dataStore.js';
import { parseRemoteHostKey } from '../../src/engine/ssh/index.js';
import { openTestStore } from '../helpers/dataStores.js';
import { refusal } from '../helpers/refusal.js';
import { closedPort } from '../helpers/servers.js';
import { useTempDirs } from '../helpers/tempDir.js';

// Keypair and connection rules on a real store; the SSH side is covered against sshd in test/cli/ssh.test.ts.

const tempDir = useTempDirs();
const opened: DataStore[] = [];
afterEach(() => {
  for (const data of opened.splice(0)) data.store.close();
});

function freshStore(): DataStore {
  const data = openTestStore(tempDir());
  opened.push(data);
  return data;
}

function keygen(dir: string, name: string, ...args: string[]): string {
  const file = join(dir, name);
  const result = spawnSync('ssh-keygen', ['-q', '-C', '', '-f', file, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return file;
}

const HOST_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

describe('keypairs', () => {
  test('a generated keypair is listed with the fingerprint ssh-keygen computes, without decrypting anything', async () => {
    const { store } = freshStore();
    const created = await generateKeypairRecord(store, 'nas-key', { comment: 'nas1' });
    const pub = join(tempDir(), 'nas-key.pub');
    writeFileSync(pub, `${created.publicKey}\n`);
    const expected = spawnSync('ssh-keygen', ['-l', '-f', pub], { encoding: 'utf8' }).stdout.split(/\s+/)[1];
    expect(listKeypairs(store)).toEqual([{ id: created.id, name: 'nas-key', keyType: 'ED25519', bits: 256, comment: 'nas1', fingerprint: expected }]);
    const stored = store.keychain.get('nas-key');
    expect(stored.type).toBe('SSH_KEY_PAIR');
    expect(stored.attributes.private_key).toMatch(/^-{5}BEGIN OPENSSH PRIVATE KEY-{5}/);
    expect(stored.publicAttributes).toEqual({ public_key: created.publicKey });
  });

  test('a name already taken (by a keypair or a connection) is refused before any key is generated', async () => {
    const { store } = freshStore();
    await generateKeypairRecord(store, 'taken');
    expect((await refusal(() => generateKeypairRecord(store, 'taken', { type: 'rsa', bits: 4096 }))).message).toContain('taken by an SSH keypair');
    expect((await refusal(() => generateKeypairRecord(store, '  '))).message).toContain('needs a name');
    expect(store.keychain.count()).toBe(1);
  });

  test('knows when a pasted private key needs a passphrase, and imports it decrypted with one', async () => {
    const { store } = freshStore();
    const dir = tempDir();
    const locked = readFileSync(keygen(dir, 'locked', '-t', 'ed25519', '-N', 'pass phrase 1'), 'utf8');
    const lockedPem = readFileSync(keygen(dir, 'locked-pem', '-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', 'pass phrase 1'), 'utf8');
    const open = readFileSync(keygen(dir, 'open', '-t', 'ed25519', '-N', ''), 'utf8');
    expect([locked, lockedPem, open, 'garbage'].map(privateKeyNeedsPassphrase)).toEqual([true, true, false, false]);
    expect((await refusal(() => importKeypairRecord(store, 'x', { privateKey: locked }))).message).toContain('protected by a passphrase');
    const imported = await importKeypairRecord(store, 'x', { privateKey: locked, passphrase: 'pass phrase 1' });
    expect(privateKeyNeedsPassphrase(String(store.keychain.get(imported.id).attributes.private_key))).toBe(false);
    expect(imported.fingerprint).toBe(spawnSync('ssh-keygen', ['-l', '-f', join(dir, 'locked.pub')], { encoding: 'utf8' }).stdout.split(/\s+/)[1]);
  });

  test('export writes new files only: the private key 0600, the public line 0644', async () => {
    const { store } = freshStore();
    await generateKeypairRecord(store, 'k');
    const dir = tempDir();
    const written = exportKeypairToFile(store, 'k', join(dir, 'id'), 'openssh');
    expect(statSync(written.path).mode & 0o777).toBe(0o600);
    expect(statSync(exportKeypairToFile(store, 'k', join(dir, 'id.pub'), 'public').path).mode & 0o777).toBe(0o644);
    writeFileSync(join(dir, 'existing'), 'keep me');
    expect((await refusal(() => exportKeypairToFile(store, 'k', join(dir, 'existing'), 'pem'))).message).toContain('already exists');
    expect(readFileSync(join(dir, 'existing'), 'utf8')).toBe('keep me');
    expect((await refusal(() => exportKeypairToFile(store, 'k', join(dir, 'no', 'such', 'dir'), 'pem'))).message).toContain('does not exist');
  });

  test('rename keeps the connections that use the keypair pointing at it', async () => {
    const { store } = freshStore();
    const keypair = await generateKeypairRecord(store, 'old');
    await addManualConnection(store, { name: 'c', host: 'nas2.lan', keypair: { keypair: 'old' }, remoteHostKey: HOST_KEY });
    renameKeypair(store, 'old', 'new');
    expect(listConnections(store)[0]).toMatchObject({ keypairId: keypair.id, keypairName: 'new' });
    expect(keypairDetails(store, 'new').usedBy.connections.map((c) => c.name)).toEqual(['c']);
  });

  test('delete is refused while used, naming the users; cascade deletes the connections in one transaction', async () => {
    const { store } = freshStore();
    const keypair = await generateKeypairRecord(store, 'k');
    const other = await generateKeypairRecord(store, 'other');
    for (const name of ['a', 'b']) await addManualConnection(store, { name, host: 'nas2.lan', keypair: { keypair: 'k' }, remoteHostKey: HOST_KEY });
    await addManualConnection(store, { name: 'unrelated', host: 'nas3.lan', keypair: { keypair: other.id }, remoteHostKey: HOST_KEY });
    expect((await refusal(() => deleteKeypair(store, 'k'))).message).toBe('Keypair "k" is used by SSH connection(s) "a" and "b": delete them first, or delete with cascade to delete them too.');

    const sftp = store.cloudCredentials.create('offsite', 'SFTP', { host: 'h', port: 22, user: 'u', private_key: keypair.id });
    expect(keypairDetails(store, 'k').usedBy).toEqual({ connections: [{ id: expect.any(Number), name: 'a' }, { id: expect.any(Number), name: 'b' }], cloudCredentials: [{ id: sftp.id, name: 'offsite' }] });
    const blocked = await refusal(() => deleteKeypair(store, 'k', { cascade: true }));
    expect(blocked.message).toContain('SFTP cloud credential(s) "offsite" and SSH connection(s) "a" and "b"');
    expect(store.keychain.count()).toBe(5);

    store.cloudCredentials.remove(sftp.id);
    const auditBefore = store.audit.list().length;
    expect(deleteKeypair(store, 'k', { cascade: true })).toEqual({ name: 'k', connectionsDeleted: ['a', 'b'] });
    expect(store.keychain.list().map((record) => record.name)).toEqual(['other', 'unrelated']);
    expect(store.audit.list().slice(0, store.audit.list().length - auditBefore).map((entry) => `${entry.action} ${entry.record}`)).toEqual(['delete k', 'delete b', 'delete a']);
  });

  test('a connection name is not a keypair and a keypair name is not a connection', async () => {
    const { store } = freshStore();
    await generateKeypairRecord(store, 'k');
    await addManualConnection(store, { name: 'c', host: 'nas2.lan', keypair: { keypair: 'k' }, remoteHostKey: HOST_KEY });
    expect((await refusal(() => deleteKeypair(store, 'c'))).message).toBe('No SSH keypair named "c".');
    expect((await refusal(() => deleteConnection(store, 'k'))).message).toBe('No SSH connection named "k".');
  });
});

describe('connections', () => {
  test('a manual connection stores the seed\'s attributes with its defaults: port 22, root, 10 s', async () => {
    const { store } = freshStore();
    const keypair = await generateKeypairRecord(store, 'k');
    const added = await addManualConnection(store, { name: 'nas2', host: ' nas2.lan ', keypair: { keypair: 'k' }, remoteHostKey: `nas2.lan ${HOST_KEY}\n# comment\n` });
    expect(store.keychain.get('nas2').attributes).toEqual({ host: 'nas2.lan', port: 22, username: 'root', private_key: keypair.id, remote_host_key: HOST_KEY, connect_timeout: 10 });
    expect(added.connection.hostKeys[0]!.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(added.keypairCreated).toBeNull();
  });

  test('"generate new" stores a keypair named after the connection with it', async () => {
    const { store } = freshStore();
    await generateKeypairRecord(store, 'nas2-key');
    const added = await addManualConnection(store, { name: 'nas2', host: 'nas2.lan', keypair: { generate: {} }, remoteHostKey: HOST_KEY });
    expect(added.keypairCreated).toMatchObject({ name: 'nas2-key-2', keyType: 'ED25519', comment: 'nasconsole nas2' });
    expect(listConnections(store)[0]).toMatchObject({ name: 'nas2', keypairName: 'nas2-key-2' });
  });

  test('bad input is refused and stores nothing', async () => {
    const { store } = freshStore();
    await generateKeypairRecord(store, 'k');
    const base = { name: 'c', host: 'nas2.lan', keypair: { keypair: 'k' }, remoteHostKey: HOST_KEY };
    for (const [change, message] of [
      [{ remoteHostKey: 'not a key' }, 'remote host key is not valid'],
      [{ port: 70000 }, 'Port must be'],
      [{ connectTimeout: 0 }, 'Connect timeout'],
      [{ username: 'bad user' }, 'not a valid login name'],
      [{ host: 'a b' }, 'Not a host name'],
      [{ keypair: { keypair: 'nope' } }, 'No SSH keypair named "nope"'],
      [{ name: 'k' }, 'taken by an SSH keypair'],
    ] as const) {
      expect((await refusal(() => addManualConnection(store, { ...base, ...change }))).message).toContain(message);
    }
    expect(store.keychain.list().map((record) => record.name)).toEqual(['k']);
  });

  test('edit changes what is given and forgets the last test; accepting a host key replaces the stored ones', async () => {
    const { store } = freshStore();
    await generateKeypairRecord(store, 'k');
    const other = await generateKeypairRecord(store, 'other');
    const { connection } = await addManualConnection(store, { name: 'c', host: 'nas2.lan', keypair: { keypair: 'k' }, remoteHostKey: HOST_KEY });
    store.keychain.recordCheck(connection.id, true, 'OK');
    const edited = editConnection(store, 'c', { name: 'c2', port: 2222, keypair: 'other', connectTimeout: 30 });
    expect(edited).toMatchObject({ name: 'c2', host: 'nas2.lan', port: 2222, username: 'root', keypairId: other.id, connectTimeout: 30, lastCheck: null });
    const [oldKey] = connectionDetails(store, 'c2').hostKeys;
    const rsaLine = spawnSync('ssh-keygen', ['-y', '-f', keygen(tempDir(), 'hk', '-t', 'rsa', '-b', '2048', '-N', '')], { encoding: 'utf8' }).stdout;
    const [newKey] = parseRemoteHostKey(rsaLine);
    expect((await refusal(() => acceptHostKey(store, 'c2', { ...newKey!, fingerprint: oldKey!.fingerprint }))).message).toContain('does not match its fingerprint');
    const accepted = acceptHostKey(store, 'c2', newKey!);
    expect(accepted.hostKeys).toEqual([newKey]);
    expect(store.keychain.get('c2').attributes.remote_host_key).toBe(newKey!.key);
    expect(store.audit.list()[0]).toMatchObject({ action: 'update', record: 'c2' });
  });

  test('a semi-automatic setup that cannot connect stores nothing, not even its generated keypair', async () => {
    const { store } = freshStore();
    const port = await closedPort();
    const error = await refusal(() => addSemiAutomaticConnection(store, { name: 'nas2', host: '127.0.0.1', port, adminUsername: 'root', password: 'pw', keypair: { generate: {} } }));
    expect(error.message).toContain('connection refused');
    expect(store.keychain.count()).toBe(0);
    expect(store.audit.list()).toEqual([]);
  });
});
