import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appSecretPolicy } from '../../src/cli/context.js';
import { pushNewestBackup } from '../../src/engine/backups.js';
import { addCloudCredential, verifySavedCloudCredential } from '../../src/engine/cloud/index.js';
import { openDataStore, type DataStore } from '../../src/engine/dataStore.js';
import { addManualConnection, addSemiAutomaticConnection, testConnectionRecord } from '../../src/engine/keychain/connections.js';
import { generateKeypairRecord } from '../../src/engine/keychain/keypairs.js';
import { addTrueNasConnection } from '../../src/engine/keychain/trueNasConnection.js';
import { addDestination, generateRecipient, listDestinations } from '../../src/engine/offsite/index.js';
import { startBlackHole, type BlackHole } from '../../testing/servers.js';
import { childProcessNames, rcloneTempDirs } from '../helpers/leftBehind.js';
import { refusal } from '../helpers/refusal.js';
import { blackHoleWebdav } from '../helpers/servers.js';
import { useTempDirs } from '../helpers/tempDir.js';

// Esc on long work: each engine call below would wait on a server that accepts and never
// answers (a black hole) until its timeout; the signal is aborted once the work reached the
// server. The call must reject (or answer) as cancelled at once (the test's timeout is the
// bound), close its connection or kill its rclone, leave no temp file, and store nothing.

const PROMPTLY = 5_000;
const tempDir = useTempDirs();
let hole: BlackHole;
let data: DataStore;

beforeEach(async () => {
  hole = await startBlackHole();
  data = openDataStore(join(tempDir(), 'data'), appSecretPolicy);
});
afterEach(async () => {
  data.store.close();
  await hole.close();
});

/** An AbortSignal aborted once the black hole has a client: the work under test is under way. */
function abortWhenConnected(): AbortSignal {
  const controller = new AbortController();
  void hole.connected().then(() => controller.abort());
  return controller.signal;
}

const keychainNames = () => data.store.keychain.decryptAll().map((record) => record.name);

describe('Esc cancels long engine work against a server that never answers', () => {
  it('a verify kills its rclone, records nothing and leaves no temporary config', { timeout: PROMPTLY }, async () => {
    await addCloudCredential(data.store, { name: 'silent', provider: 'WEBDAV', attributes: blackHoleWebdav(hole) });
    let rclonePid = 0;
    const outcome = await verifySavedCloudCredential(data.store, 'silent', { signal: abortWhenConnected(), onSpawn: (pid) => (rclonePid = pid) });
    expect(outcome.result).toMatchObject({ ok: false, reason: 'cancelled' });
    expect(rclonePid).toBeGreaterThan(0);
    expect(childProcessNames()).not.toContain('rclone');
    expect(rcloneTempDirs()).toEqual([]);
    expect(data.store.cloudCredentials.get('silent').lastCheck).toBeNull();
  });

  it('a push kills its rclone, records no result on the destination and leaves no temporary config', { timeout: PROMPTLY * 2 }, async () => {
    await addCloudCredential(data.store, { name: 'silent', provider: 'WEBDAV', attributes: blackHoleWebdav(hole) });
    addDestination(data.store, { name: 'offsite', kind: 'cloud', via: 'silent', path: 'nas' });
    await generateRecipient(data.store);
    const error = await refusal(pushNewestBackup(data.store, data.paths, { signal: abortWhenConnected() }));
    expect(error.reason).toBe('cancelled');
    expect(error.message).toBe('Cancelled: the push to offsite was stopped; its last result is unchanged.');
    expect(listDestinations(data.store)[0]!.lastPush).toBeNull();
    expect(childProcessNames()).not.toContain('rclone');
    expect(rcloneTempDirs()).toEqual([]);
  });

  it('a semi-automatic setup over SSH closes its connection and stores nothing (not even the keypair it generated)', { timeout: PROMPTLY }, async () => {
    const error = await refusal(addSemiAutomaticConnection(data.store, {
      name: 'silent', host: hole.host, port: hole.port, adminUsername: 'root', password: 'admin-pass', keypair: { generate: {} }, connectTimeout: 60, signal: abortWhenConnected(),
    }));
    expect(error).toMatchObject({ reason: 'cancelled', message: 'Cancelled: nothing was stored.' });
    await hole.drained(); // every host-key probe's socket closed (else the test times out)
    expect(keychainNames()).toEqual([]);
  });

  it('a semi-automatic setup through a TrueNAS URL closes its connection and stores nothing', { timeout: PROMPTLY }, async () => {
    const error = await refusal(addTrueNasConnection(data.store, {
      name: 'silent', url: `http://${hole.host}:${hole.port}`, adminUsername: 'admin', password: 'admin-pass', keypair: { generate: {} }, connectTimeout: 60,
    }, { signal: abortWhenConnected() }));
    expect(error).toMatchObject({ reason: 'cancelled', message: 'Cancelled: nothing was stored.' });
    await hole.drained();
    expect(keychainNames()).toEqual([]);
  });

  it('a connection test closes its connection and leaves the last result as it was', { timeout: PROMPTLY }, async () => {
    const keypair = await generateKeypairRecord(data.store, 'k');
    await addManualConnection(data.store, { name: 'silent', host: hole.host, port: hole.port, keypair: { keypair: 'k' }, remoteHostKey: keypair.publicKey, connectTimeout: 60 });
    const error = await refusal(testConnectionRecord(data.store, 'silent', { signal: abortWhenConnected() }));
    expect(error.reason).toBe('cancelled');
    await hole.drained();
    expect(data.store.keychain.get('silent').lastCheck).toBeNull();
  });

  it('an RSA-4096 generation is dropped when cancelled: no keypair is stored', { timeout: PROMPTLY }, async () => {
    const controller = new AbortController();
    const generating = generateKeypairRecord(data.store, 'big', { type: 'rsa', bits: 4096, signal: controller.signal });
    setImmediate(() => controller.abort());
    const error = await refusal(generating);
    expect(error).toMatchObject({ reason: 'cancelled', message: 'Cancelled: nothing was stored.' });
    expect(keychainNames()).toEqual([]);
  });
});
