import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSecretPolicy } from '../../src/cli/context.js';
import { safeHostname } from '../../src/engine/archive/naming.js';
import { listBackups, runScheduledBackup } from '../../src/engine/backups.js';
import { addCloudCredential } from '../../src/engine/cloud/index.js';
import { openDataStore, type DataStore } from '../../src/engine/dataStore.js';
import { addManualConnection, editConnection } from '../../src/engine/keychain/connections.js';
import { generateKeypairRecord } from '../../src/engine/keychain/keypairs.js';
import {
  addDestination,
  fetchRemoteBackup,
  generateRecipient,
  listDestinations,
  listRemoteBackups,
  restoreFromDestination,
  testDestination,
  type DestinationKindId,
} from '../../src/engine/offsite/index.js';
import { remoteBackupName, temporaryName } from '../../src/engine/offsite/remoteNames.js';
import { authorizedKeysInstallCommand } from '../../src/engine/ssh/authorizedKeysInstaller.js';
import { startFtpServer, type TestFtpServer } from '../harness/ftpServer.js';
import { startS3Server, type TestS3Server } from '../harness/s3Server.js';
import { startSshd, type RunningSshd } from '../../testing/sshd.js';
import { startTcpProxy } from '../harness/tcpProxy.js';
import { startWebdavServer, type TestWebdavServer } from '../harness/webdavServer.js';
import { contentsOf } from '../helpers/dataStores.js';
import { useTempDirs } from '../helpers/tempDir.js';

// Off-box pushes against real servers: an SSH connection (SFTP on a real sshd) and cloud
// credentials through real rclone (SFTP on the same sshd, WebDAV, FTP, S3).

const USER = 'nasctest-offsite';
const DAV_PASSWORD = 'dav:pa?ss+/=w"rd';
const FTP_PASSWORD = 'ftp p@ss:w=rd;#`\\';
const tempDir = useTempDirs();
let sshd: RunningSshd;
let dav: TestWebdavServer;
let ftp: TestFtpServer;
let s3: TestS3Server;
/** This run's directory in the test user's home (which outlives runs), made and removed here. */
let sshBase: string;

beforeAll(async () => {
  [sshd, dav, ftp, s3] = await Promise.all([startSshd({ user: USER, hostKeyTypes: ['ed25519'] }), startWebdavServer('carol', DAV_PASSWORD), startFtpServer('dave', FTP_PASSWORD), startS3Server()]);
  sshBase = `offsite-${randomBytes(4).toString('hex')}`;
  mkdirSync(join(sshd.homeDir, sshBase), { mode: 0o700 });
  chownSync(join(sshd.homeDir, sshBase), Number(spawnSync('id', ['-u', sshd.user], { encoding: 'utf8' }).stdout), Number(spawnSync('id', ['-g', sshd.user], { encoding: 'utf8' }).stdout));
});
afterAll(async () => {
  if (sshd && sshBase) rmSync(join(sshd.homeDir, sshBase), { recursive: true, force: true });
  await Promise.all([sshd?.stop(), dav?.close(), ftp?.close(), s3?.close()]);
});

const at = (day: number) => new Date(`2026-11-${String(day).padStart(2, '0')}T12:00:00`);

/** Where each kind's destination is, and where its files land on this machine's disk (S3: nowhere plain). */
interface Place {
  kind: DestinationKindId;
  path: string;
  onDisk: string | undefined;
}

/** Stores the credential (or connection) for a destination of this kind, pointed at `port` when given (a proxy). */
async function storeCredential(data: DataStore, kind: 'ssh' | 'sftp' | 'webdav' | 'ftp' | 's3', port?: number): Promise<Place> {
  const { store } = data;
  switch (kind) {
    case 'ssh': {
      const keypair = await generateKeypairRecord(store, 'nas-key');
      authorize(keypair.publicKey);
      await addManualConnection(store, { name: 'via', host: sshd.host, port: port ?? sshd.port, username: sshd.user, keypair: { keypair: keypair.id }, remoteHostKey: sshd.hostKeyLines.join('\n') });
      return { kind: 'ssh', path: `${sshd.homeDir}/${sshBase}/ssh/nas`, onDisk: `${sshd.homeDir}/${sshBase}/ssh/nas` };
    }
    case 'sftp':
      await addCloudCredential(store, { name: 'via', provider: 'SFTP', attributes: { host: sshd.host, port: port ?? sshd.port, user: sshd.user, pass: sshd.password } });
      return { kind: 'cloud', path: `${sshBase}/cloud-sftp/nas`, onDisk: `${sshd.homeDir}/${sshBase}/cloud-sftp/nas` };
    case 'webdav':
      await addCloudCredential(store, { name: 'via', provider: 'WEBDAV', attributes: { url: `http://127.0.0.1:${port ?? new URL(dav.url).port}/`, vendor: 'OTHER', user: 'carol', pass: DAV_PASSWORD } });
      return { kind: 'cloud', path: 'offsite/nas', onDisk: join(dav.root, 'offsite/nas') };
    case 'ftp':
      await addCloudCredential(store, { name: 'via', provider: 'FTP', attributes: { host: ftp.host, port: port ?? ftp.port, user: 'dave', pass: FTP_PASSWORD } });
      return { kind: 'cloud', path: 'offsite/nas', onDisk: join(ftp.root, 'offsite/nas') };
    case 's3':
      await addCloudCredential(store, { name: 'via', provider: 'S3', attributes: { access_key_id: s3.accessKeyId, secret_access_key: s3.secretAccessKey, endpoint: s3.endpoint } });
      return { kind: 'cloud', path: `${s3.buckets[0]}/nas-${Math.random().toString(36).slice(2, 8)}`, onDisk: undefined };
  }
}

/**
 * A fresh store with the credential of `server`, a destination "offsite" on it (`suffix` keeps
 * a test's directory apart from the others') and, unless told otherwise, a recipient.
 */
async function storeWithDestination(server: Parameters<typeof storeCredential>[1], options: { suffix?: string; keep?: number; port?: number; recipient?: boolean } = {}) {
  const data = openStore();
  const place = await storeCredential(data, server, options.port);
  const suffix = options.suffix ?? '';
  addDestination(data.store, { name: 'offsite', kind: place.kind, via: 'via', path: `${place.path}${suffix}`, keep: options.keep ?? 5 });
  const identityFile = options.recipient === false ? '' : (await generateRecipient(data.store)).identityFile;
  return { data, identityFile, path: `${place.path}${suffix}`, onDisk: place.onDisk === undefined ? undefined : `${place.onDisk}${suffix}` };
}

/** Root puts the key into the test user's ~/.ssh/authorized_keys, as an admin would. */
function authorize(publicKey: string): void {
  const result = spawnSync('/bin/sh', ['-c', authorizedKeysInstallCommand(sshd.user)], { input: `${publicKey}\n`, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
}

function openStore(): DataStore {
  return openDataStore(join(tempDir(), 'data'), appSecretPolicy);
}

/** The real age CLI decrypts with the identity file keygen's output was saved to. */
function ageDecrypt(identityFile: string, encrypted: Buffer): Buffer {
  const result = spawnSync('age', ['-d', '-i', identityFile], { input: encrypted, timeout: 20_000 });
  expect(result.stderr.toString()).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

function saveIdentity(identityFile: string): string {
  const path = join(tempDir(), 'identity.txt');
  writeFileSync(path, identityFile, { mode: 0o600 });
  return path;
}

describe.each(['ssh', 'sftp', 'webdav', 'ftp', 's3'] as const)('pushing to %s', (server) => {
  it('pushes the daily backup encrypted, read back and renamed into place, keeps 2 of 3 of this machine\'s, leaves other files alone, and real age decrypts it', async () => {
    const { data, identityFile, onDisk } = await storeWithDestination(server, { keep: 2 });
    const mine = (iso: string) => remoteBackupName(safeHostname(), new Date(iso));
    const [oldest, older] = [mine('2026-10-01T03:45:00Z'), mine('2026-10-02T03:45:00Z')];
    const otherMachine = remoteBackupName('other-nas', new Date('2026-09-01T03:45:00Z'));
    const interrupted = temporaryName(mine('2026-10-03T03:45:00Z'));
    if (onDisk) {
      // What was there before: two older backups of ours, another machine's, someone's notes, an interrupted push.
      // (The FTP test server answers a missing directory with 451, which rclone does not read as "missing": it must exist.)
      mkdirSync(onDisk, { recursive: true });
      for (const name of [oldest, older, otherMachine, 'notes.txt', interrupted]) writeFileSync(join(onDisk, name), 'planted');
      if (onDisk.startsWith(sshd.homeDir)) spawnSync('chown', ['-R', sshd.user, join(sshd.homeDir, sshBase)]);
    }

    const run = await runScheduledBackup(data.store, data.paths, at(1));
    const pushed = remoteBackupName(safeHostname(), at(1));
    expect(run.created?.name).toBe('scheduled-2026-11-01.tar');
    expect(run.pushes).toEqual([{ destination: 'offsite', ok: true, file: pushed, message: expect.stringMatching(/^pushed /), removed: onDisk ? [oldest, interrupted] : [] }]);
    expect(listDestinations(data.store)[0]!.lastPush).toMatchObject({ ok: true, file: pushed, message: run.pushes[0]!.message });

    const listed = await listRemoteBackups(data.store, 'offsite');
    expect(listed.filter((backup) => backup.fromThisMachine).map((backup) => backup.name)).toEqual(onDisk ? [pushed, older] : [pushed]);
    const encrypted = await fetchRemoteBackup(data.store, 'offsite', pushed);
    expect(listed[0]).toMatchObject({ name: pushed, bytes: encrypted.length });
    const local = readFileSync(listBackups(data.paths).find((entry) => entry.name === 'scheduled-2026-11-01.tar')!.path);
    expect(ageDecrypt(saveIdentity(identityFile), encrypted).equals(local)).toBe(true);
    if (onDisk) {
      expect(readdirSync(onDisk).sort()).toEqual([pushed, older, otherMachine, 'notes.txt'].sort());
      expect(readFileSync(join(onDisk, pushed)).equals(encrypted)).toBe(true);
      expect(listed.find((backup) => backup.name === otherMachine)).toMatchObject({ host: 'other-nas', fromThisMachine: false });
    }
    data.store.close();
  });
});

describe('the daily run', () => {
  it('pushes each new day\'s backup once, and nothing when every destination has the newest', async () => {
    const { data, onDisk } = await storeWithDestination('ssh', { suffix: '-daily', keep: 2 });
    for (const day of [1, 2, 3]) {
      const run = await runScheduledBackup(data.store, data.paths, at(day));
      expect(run.pushes).toMatchObject([{ ok: true, file: remoteBackupName(safeHostname(), at(day)) }]);
      expect((await runScheduledBackup(data.store, data.paths, at(day))).pushes).toEqual([]);
    }
    expect(readdirSync(onDisk!).sort()).toEqual([remoteBackupName(safeHostname(), at(2)), remoteBackupName(safeHostname(), at(3))]);
    data.store.close();
  });
});

describe('a push that cannot complete never leaves a file under the final name', () => {
  it('refuses an upload that does not read back as sent (a byte flipped on the way to WebDAV), and keeps nothing of it', async () => {
    const proxy = await startTcpProxy(Number(new URL(dav.url).port));
    try {
      const { data, onDisk } = await storeWithDestination('webdav', { suffix: '-corrupt', port: proxy.port });
      // Past the requests before the upload, inside its body; the read-back (a GET) is too short to be touched.
      proxy.corruptUpstreamAt = 4000;
      const run = await runScheduledBackup(data.store, data.paths, at(5));
      expect(run.created).not.toBeNull();
      expect(run.pushes[0]).toMatchObject({ ok: false, message: expect.stringMatching(/did not read back as sent \(sha256 differs\)/) });
      expect(readdirSync(onDisk!)).toEqual([]);
      data.store.close();
    } finally {
      await proxy.close();
    }
  });
});

describe('a destination that is down', () => {
  it('is recorded, the local backup is made all the same, and the next run pushes it', async () => {
    const proxy = await startTcpProxy(sshd.port);
    try {
      const { data, onDisk } = await storeWithDestination('ssh', { suffix: '-down', port: proxy.port });
      proxy.mode = 'refuse';
      const failed = await runScheduledBackup(data.store, data.paths, at(7));
      expect(failed.created?.name).toBe('scheduled-2026-11-07.tar');
      expect(existsSync(failed.created!.path)).toBe(true);
      expect(failed.pushes).toEqual([{ destination: 'offsite', ok: false, file: null, message: expect.any(String), removed: [] }]);
      expect(failed.pushes[0]!.message).toMatch(/closed the connection/);
      const recorded = listDestinations(data.store)[0]!.lastPush!;
      expect(recorded).toMatchObject({ ok: false, message: failed.pushes[0]!.message, file: null });

      proxy.mode = 'forward';
      const retried = await runScheduledBackup(data.store, data.paths, at(7));
      expect(retried.created).toBeNull();
      expect(retried.pushes).toMatchObject([{ ok: true, file: remoteBackupName(safeHostname(), at(7)) }]);
      expect(readdirSync(onDisk!)).toEqual([remoteBackupName(safeHostname(), at(7))]);
      data.store.close();
    } finally {
      await proxy.close();
    }
  });

  it('an SSH destination whose server shows another host key is refused, loudly, and nothing is sent', async () => {
    const { data, onDisk } = await storeWithDestination('ssh', { suffix: '-mitm' });
    const other = await generateKeypairRecord(data.store, 'not-the-host-key');
    editConnection(data.store, 'via', { remoteHostKey: other.publicKey });
    const run = await runScheduledBackup(data.store, data.paths, at(8));
    expect(run.pushes[0]).toMatchObject({ ok: false, message: expect.stringMatching(/host key of .* has CHANGED/) });
    expect(existsSync(onDisk!)).toBe(false);
    data.store.close();
  });
});

describe('test and restore', () => {
  it('tests a destination by writing, reading back and removing a small file', async () => {
    const { data, onDisk } = await storeWithDestination('webdav', { suffix: '-probe', recipient: false });
    const outcome = await testDestination(data.store, 'offsite');
    expect(outcome).toMatchObject({ destination: 'offsite', backups: 0 });
    expect(readdirSync(onDisk!)).toEqual([]);
    expect(listDestinations(data.store)[0]!.lastPush).toBeNull();
    data.store.close();
  });

  it('restores onto a fresh data dir with only the SSH connection to the destination and the identity', async () => {
    const { data: old, identityFile } = await storeWithDestination('ssh', { suffix: '-restore' });
    await addCloudCredential(old.store, { name: 'offsite-s3', provider: 'S3', attributes: { access_key_id: 'AKIAEXAMPLE12', secret_access_key: 'wJalr/XUtnFEMI+K7MDENG=bPxRfiCY', endpoint: '' } });
    old.store.poolKeys.import([{ dataset: 'tank/secure', key: 'ab'.repeat(32) }]);
    const pushed = await runScheduledBackup(old.store, old.paths, at(10));
    expect(pushed.pushes[0]).toMatchObject({ ok: true });
    const before = contentsOf(old);
    old.store.close();

    const { data: fresh } = await storeWithDestination('ssh', { suffix: '-restore', recipient: false });
    const [backup] = await listRemoteBackups(fresh.store, 'offsite');
    const result = await restoreFromDestination(fresh.store, fresh.paths, 'offsite', backup!.name, { identities: [identityFile.trim().split('\n').at(-1)!] }, { policy: appSecretPolicy });
    expect(result.seedReplaced).toBe(true);
    expect(contentsOf(fresh)).toEqual(before);
    expect(readFileSync(fresh.paths.secret).equals(readFileSync(old.paths.secret))).toBe(true);
    expect(listDestinations(fresh.store).map((destination) => destination.name)).toEqual(['offsite']);
    fresh.store.close();
  });
});
