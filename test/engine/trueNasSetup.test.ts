import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { DataStore } from '../../src/engine/dataStore.js';
import { addTrueNasConnection, type TrueNasConnectionInput, type TrueNasSetupCallbacks } from '../../src/engine/keychain/trueNasConnection.js';
import { generateKeypair } from '../../src/engine/ssh/keys.js';
import { openTestStore } from '../helpers/dataStores.js';
import { refusal } from '../helpers/refusal.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { opensshLogin } from '../harness/opensshClient.js';
import { startBlackHole } from '../../testing/servers.js';
import { startSshd, type RunningSshd } from '../../testing/sshd.js';
import { useTrueNasApis, type RunningTrueNasApi } from '../harness/trueNasApi.js';
import { posixUser } from '../harness/trueNasApiMethods.js';

// The TrueNAS flavour of the semi-automatic setup against the test TrueNAS API
// (test/harness/trueNasApi.ts), whose ssh_pair installs the key for a real user of a real sshd.

const USER = 'nasctest-tnsetup';
const tempDir = useTempDirs();
let sshd: RunningSshd;
const trueNas = useTrueNasApis(() => ({ sshd }));
const stores: DataStore[] = [];

beforeAll(async () => {
  sshd = await startSshd({ user: USER });
});
afterAll(async () => {
  await sshd?.stop();
});
beforeEach(() => sshd.resetHome());
afterEach(async () => {
  for (const data of stores.splice(0)) data.store.close();
  spawnSync('usermod', ['--shell', '/bin/sh', USER]);
});

function freshStore(): DataStore {
  const data = openTestStore(tempDir());
  stores.push(data);
  return data;
}

const trustCertificate: TrueNasSetupCallbacks = { confirmTlsCertificate: async () => true };

function setup(server: RunningTrueNasApi, data: DataStore, input: Partial<TrueNasConnectionInput> = {}, callbacks: TrueNasSetupCallbacks = trustCertificate) {
  return addTrueNasConnection(
    data.store,
    { name: 'nas2', url: server.url, adminUsername: server.adminUsername, password: server.adminPassword, username: USER, keypair: { generate: {} }, connectTimeout: 5, ...input },
    callbacks,
  );
}


function storedNames(data: DataStore): string[] {
  return data.store.keychain.decryptAll().map((record) => record.name);
}

function authorizedKeys(): string {
  try {
    return readFileSync(join(sshd.homeDir, '.ssh', 'authorized_keys'), 'utf8');
  } catch {
    return '';
  }
}

describe('semi-automatic setup through the TrueNAS API', () => {
  test('ssh_pair installs the key; host, SSH port and host keys come from the answer, the key login is proven, the record is stored', async () => {
    const server = await trueNas();
    const data = freshStore();
    const shown: string[] = [];
    const added = await setup(server, data, {}, {
      confirmTlsCertificate: async (certificate) => {
        shown.push(certificate.fingerprint);
        return true;
      },
    });

    expect(shown).toEqual([server.certificate!.fingerprint]);
    expect(added).toMatchObject({ protocol: 'jsonrpc', certificate: { fingerprint: server.certificate!.fingerprint }, userChanges: {} });
    const [keypair, connection] = data.store.keychain.decryptAll();
    expect(connection!.attributes).toMatchObject({ host: '127.0.0.1', port: sshd.port, username: USER, connect_timeout: 5, private_key: keypair!.id });
    expect(String(connection!.attributes.remote_host_key).split('\n').sort()).toEqual([...sshd.hostKeyLines].sort());
    expect(authorizedKeys()).toContain(String(keypair!.attributes.public_key));
    expect(opensshLogin(sshd, String(keypair!.attributes.private_key)).loggedIn).toBe(true);

    const methods = server.calls.map((call) => call.method);
    expect(methods).toEqual(['auth.login_ex', 'keychaincredential.ssh_pair', 'user.query', 'user.update']);
    expect(server.calls[1]!.params).toEqual([{ remote_hostname: 'any-host', username: USER, public_key: keypair!.attributes.public_key }]);
    expect(server.calls[2]!.params).toEqual([[['username', '=', USER], ['local', '=', true]], { get: true }]);
    expect(server.calls[3]!.params).toEqual([70, {}]);
    expect(data.store.keychain.list('SSH_CREDENTIALS')[0]!.lastCheck).toMatchObject({ ok: true });
  });

  test('a user without a login shell gets bash, and passwordless sudo gets /usr/sbin/zfs when asked (not when ALL is there)', async () => {
    spawnSync('usermod', ['--shell', '/usr/sbin/nologin', USER]);
    const server = await trueNas();
    const added = await setup(server, freshStore(), { sudo: true, tlsFingerprint: server.certificate!.fingerprint }, {});
    expect(added.userChanges).toEqual({ shell: '/usr/bin/bash', sudo_commands_nopasswd: ['/usr/sbin/zfs'] });
    expect(posixUser(USER)!.shell).toBe('/usr/bin/bash');
    expect(server.system.sudoNopasswd.get(USER)).toEqual(['/usr/sbin/zfs']);

    server.system.sudoNopasswd.set(USER, ['ALL']);
    const again = await setup(server, freshStore(), { sudo: true, tlsFingerprint: server.certificate!.fingerprint }, {});
    expect(again.userChanges).toEqual({});
    expect(server.system.sudoNopasswd.get(USER)).toEqual(['ALL']);
  });

  test('over plain http and the legacy protocol: a warning that the password crosses in clear comes before the login', async () => {
    const server = await trueNas({ tls: false, legacyOnly: true });
    const events: string[] = [];
    const added = await setup(server, freshStore(), {}, { onWarning: (message) => events.push(`warning: ${message}`), onStep: (step) => events.push(step) });
    expect(added).toMatchObject({ protocol: 'legacy', certificate: null });
    expect(events[0]).toBe(`warning: ${server.url} is plain http: the admin password crosses the network in clear (use https:// unless this network is trusted).`);
    expect(events.slice(1)).toEqual(['connecting', 'logging-in', 'pairing', 'proving-key-login', 'saving']);
    expect(server.calls.map((call) => call.method)).toEqual(['auth.login', 'keychaincredential.ssh_pair', 'user.query', 'user.update']);
  });

  test('a TOTP admin: the code given up front is used; without one, the code is asked for', async () => {
    const server = await trueNas({ totp: true });
    await setup(server, freshStore(), { otpCode: server.totpCode(), tlsFingerprint: server.certificate!.fingerprint }, {});
    let asked = 0;
    await setup(server, freshStore(), { tlsFingerprint: server.certificate!.fingerprint }, {
      askOtpCode: async () => {
        asked++;
        return server.totpCode();
      },
    });
    expect(asked).toBe(1);
  });

  test('every failure is one line and stores nothing, not even the keypair generated for it', async () => {
    const server = await trueNas();
    const trusted = { tlsFingerprint: server.certificate!.fingerprint };
    const cases: [Partial<TrueNasConnectionInput>, string | RegExp][] = [
      [{ ...trusted, password: 'wrong' }, 'Authentication failed: wrong username or password'],
      [{ ...trusted, username: 'nasctest-nosuchuser' }, 'Semi-automatic SSH connection setup failed for nasctest-nosuchuser: User nasctest-nosuchuser does not exist (EFAULT)'],
      [{ url: 'nas.example.com' }, /has no URL scheme: be sure to use a valid URL scheme for the remote TrueNAS URL, as in https:\/\/nas\.example\.com/],
      [{}, /^The TLS certificate of https:\/\/127\.0\.0\.1:\d+ does not verify \(self-signed certificate\): CN=truenas\.local, O=nasconsole tests, .*fingerprint SHA256:/],
      [{ tlsFingerprint: `SHA256:${'00:'.repeat(31)}00` }, /has the fingerprint SHA256:.*, not the one given: refusing it/],
    ];
    for (const [input, expected] of cases) {
      const data = freshStore();
      const error = await refusal(setup(server, data, input, {}), [server.adminPassword]);
      if (typeof expected === 'string') expect(error.message).toBe(expected);
      else expect(error.message).toMatch(expected);
      expect(storedNames(data)).toEqual([]);
    }
    expect(authorizedKeys()).toBe('');
  });

  test('a missing home directory: says what TrueNAS says about it', async () => {
    const server = await trueNas({ tls: false });
    const home = sshd.homeDir;
    const away = `${home}.away`;
    spawnSync('mv', [home, away]);
    try {
      const error = await refusal(setup(server, freshStore()));
      expect(error.message).toBe(`Semi-automatic SSH connection setup failed for ${USER}: Home directory ${home} does not exist (ENOENT)`);
    } finally {
      spawnSync('mv', [away, home]);
    }
  });

  test('a key login the SSH server refuses fails the setup: nothing is stored', async () => {
    const server = await trueNas({ tls: false });
    chmodSync(sshd.homeDir, 0o777); // sshd's StrictModes then ignores the authorized_keys there
    const data = freshStore();
    const error = await refusal(setup(server, data));
    expect(error.message).toBe(`The TrueNAS installed the key for ${USER}, but the key login to 127.0.0.1:${sshd.port} failed: Authentication failed: 127.0.0.1:${sshd.port} did not accept the key for this user`);
    expect(authorizedKeys()).not.toBe('');
    expect(storedNames(data)).toEqual([]);
  });

  test('an SSH server whose host key the TrueNAS did not answer is refused', async () => {
    const other = await generateKeypair({ type: 'ed25519' });
    const lying = { ...sshd, port: sshd.port, hostKeyLines: sshd.hostKeyLines.map((line) => (line.startsWith('ssh-ed25519') ? other.publicKey : line)) };
    const server = await trueNas({ sshd: lying, tls: false });
    // Only the Ed25519 key is offered first: the server presents its real one, which the answer does not hold.
    const data = freshStore();
    const error = await refusal(setup(server, data));
    expect(error.message).toMatch(new RegExp(`^The SSH server at 127\\.0\\.0\\.1:${sshd.port} shows the host key ssh-ed25519 SHA256:\\S+, which is not one the TrueNAS answered`));
    expect(storedNames(data)).toEqual([]);
  });

  test('Esc during the key-login proof (an SSH port that never answers) ends it at once, says the key is on the TrueNAS, and stores nothing', { timeout: 10_000 }, async () => {
    const hole = await startBlackHole();
    try {
      const server = await trueNas({ sshd: { port: hole.port, hostKeyLines: sshd.hostKeyLines }, tls: false });
      const data = freshStore();
      const controller = new AbortController();
      void hole.connected().then(() => controller.abort());
      const error = await refusal(setup(server, data, { connectTimeout: 60 }, { signal: controller.signal }));
      expect(error).toMatchObject({ reason: 'cancelled', message: `Cancelled: nothing was stored (the TrueNAS had already installed the key for ${USER}).` });
      await hole.drained(); // the SSH socket was closed, not left to its 60 s timeout
      expect(authorizedKeys()).not.toBe('');
      expect(storedNames(data)).toEqual([]);
    } finally {
      await hole.close();
    }
  });
});
