import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { addManualConnection } from '../../src/engine/keychain/connections.js';
import { generateKeypairRecord } from '../../src/engine/keychain/keypairs.js';
import { closedPort, useBlackHole } from '../helpers/servers.js';
import { keyscanLines, useSshd } from '../helpers/sshd.js';
import { keys, press, type, waitForFrame, type Ui } from '../widgets/ui.js';
import { nonAscii } from '../../testing/text.js';
import { burst, escape, everything, mountScreens, paste, screenText, useScreenServices, type TestAppServices } from './mount.js';

// The SSH Connections screen in the console shell, driven by keys against a real OpenSSH sshd;
// assertions on the store.

const USER = 'nasctest-screen';
const sshd = useSshd({ user: USER });

const services = useScreenServices();
/** Accepts connections and never answers: a setup against it runs until cancelled. */
const blackHole = useBlackHole();
/** Both SSH screens (1 Connections, 2 Keypairs), this one open. */
const mountSsh = (app: TestAppServices) => mountScreens(app, { screens: ['ssh-connections', 'ssh-keypairs'], open: 'ssh-connections' });

async function fillField(ui: Ui, text: string): Promise<void> {
  await press(ui, keys.ctrlU);
  await type(ui, text);
}

/** Types a semi-automatic setup into the Add form, field by field as the seed orders them, and submits it. */
async function submitSemiAutomatic(ui: Ui, name: string, password: string, server: { host: string; port: number } = sshd): Promise<void> {
  await press(ui, 'a');
  await type(ui, name);
  await press(ui, keys.tab, keys.right, keys.tab); // Setup Method: Semi-automatic (any SSH server)
  await type(ui, server.host);
  await press(ui, keys.tab);
  await fillField(ui, String(server.port));
  await press(ui, keys.tab);
  await fillField(ui, sshd.user); // Admin username
  await press(ui, keys.tab);
  await type(ui, password); // Admin password
  await press(ui, keys.tab, keys.tab, keys.tab, keys.tab); // One-Time Password, Username, Private Key: Generate New
  await press(ui, keys.enter); // Connect timeout is the last field: Enter saves
}

/** A semi-automatic setup of the test sshd, its host keys confirmed. */
async function typeSemiAutomatic(ui: Ui, name: string, password: string): Promise<void> {
  await submitSemiAutomatic(ui, name, password);
  // The host keys are confirmed before the password goes to the server.
  await waitForFrame(ui, (frame) => frame.includes(`Host keys offered by ${sshd.host}:${sshd.port}`), 20_000);
  await press(ui, 'y');
}

describe('SSH Connections screen', () => {
  test('a semi-automatic setup by keys installs the key and stores the connection; the password never shows', async () => {
    sshd.resetHome();
    const app = services();
    const { data } = app;
    const ui = await mountSsh(app);
    await typeSemiAutomatic(ui, 'nas2', sshd.password);
    await waitForFrame(ui, (frame) => frame.includes('Added nas2'), 30_000);

    const connection = data.store.keychain.get('nas2');
    const keypair = data.store.keychain.get('nas2-key');
    expect(connection.attributes).toMatchObject({ host: sshd.host, port: sshd.port, username: sshd.user, private_key: keypair.id, connect_timeout: 10 });
    expect(String(connection.attributes.remote_host_key).split('\n').sort()).toEqual([...sshd.hostKeyLines].sort());
    expect(readFileSync(join(sshd.homeDir, '.ssh', 'authorized_keys'), 'utf8')).toContain(String(keypair.attributes.public_key));
    expect(screenText(ui)).toMatch(new RegExp(`nas2\\s+${sshd.host}:${sshd.port}\\s+${USER.slice(0, 11)}`));
    expect(screenText(ui)).toMatch(/OK \d\d-\d\d \d\d:\d\d/);
    expect(everything(ui)).not.toContain(sshd.password);

    await press(ui, 'v');
    await waitForFrame(ui, (frame) => frame.includes('nas2: OK'), 20_000);
    expect(data.store.keychain.list('SSH_CREDENTIALS')[0]!.lastCheck).toMatchObject({ ok: true });
  });

  test('Esc while a server never shows its host keys cancels the setup at once: one line, its sockets closed, nothing stored', async () => {
    const app = services();
    const ui = await mountSsh(app);
    await submitSemiAutomatic(ui, 'silent', sshd.password, blackHole);
    await waitForFrame(ui, (frame) => frame.includes(`Asking 127.0.0.1:${blackHole.port} for its host keys... (Esc cancels)`));
    await blackHole.connected();
    expect(screenText(ui)).toMatch(/^Esc cancel\b/m);
    await escape(ui);
    await waitForFrame(ui, (frame) => frame.includes('Cancelled: nothing was stored.'));
    await blackHole.drained();
    expect(app.data.store.keychain.count()).toBe(0);
    expect(everything(ui)).not.toContain(sshd.password);
  });

  test('a wrong password is an error line and the form comes back at Admin Password, emptied; nothing is stored, the rest kept', async () => {
    const app = services();
    const { data } = app;
    const ui = await mountSsh(app);
    await typeSemiAutomatic(ui, 'nas2', 'not-the-password');
    await waitForFrame(ui, (frame) => frame.includes('Error: Authentication failed: wrong username or password'), 30_000);
    expect(data.store.keychain.count()).toBe(0);
    const form = screenText(ui);
    expect(form).toContain('Add SSH connection');
    expect(form).toMatch(/^ {2}Name +nas2$/m);
    expect(form).toMatch(/^> Admin Password *$/m);
    expect(everything(ui)).not.toContain('not-the-password');

    // The password typed again goes straight into the focused field; the rest was kept.
    await type(ui, sshd.password);
    await press(ui, keys.enter, keys.enter, keys.enter, keys.enter, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes(`Host keys offered by ${sshd.host}:${sshd.port}`), 20_000);
    await press(ui, 'y');
    await waitForFrame(ui, (frame) => frame.includes('Added nas2'), 30_000);
    expect(data.store.keychain.get('nas2').attributes).toMatchObject({ host: sshd.host, port: sshd.port, username: sshd.user });
  });

  test('a manual connection by keys: the discovered host keys are shown for confirmation, then stored', async () => {
    const app = services();
    const { data } = app;
    await generateKeypairRecord(data.store, 'existing');
    const ui = await mountSsh(app);
    await press(ui, 'a');
    await type(ui, 'nas3');
    await press(ui, keys.tab, keys.right, keys.right, keys.tab); // Setup Method: Manual
    await type(ui, sshd.host);
    await press(ui, keys.tab);
    await fillField(ui, String(sshd.port));
    await press(ui, keys.tab);
    await type(ui, sshd.user);
    await press(ui, keys.tab, keys.right); // Private key: existing
    await press(ui, keys.tab, keys.tab); // Remote host key left empty; Connect timeout
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes(`Host keys offered by ${sshd.host}:${sshd.port}`), 20_000);
    for (const fingerprint of sshd.hostKeyFingerprints) expect(screenText(ui)).toContain(fingerprint);
    expect(data.store.keychain.count()).toBe(1);

    await press(ui, 'n'); // back to the form, values kept
    expect(screenText(ui)).toContain('nas3');
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Host keys offered by'), 20_000);
    await press(ui, 'y');
    await waitForFrame(ui, (frame) => frame.includes('Added nas3'));

    const stored = data.store.keychain.get('nas3');
    expect(stored.attributes).toMatchObject({ host: sshd.host, port: sshd.port, username: sshd.user, private_key: data.store.keychain.get('existing').id, connect_timeout: 10 });
    expect(String(stored.attributes.remote_host_key).split('\n').sort()).toEqual(keyscanLines(sshd));
    expect(screenText(ui)).toMatch(/nas3.*never tested/);
  });

  test('a changed host key fails the test loudly with both fingerprints; only an explicit yes accepts it', async () => {
    sshd.resetHome();
    const app = services();
    const { data } = app;
    const ui = await mountSsh(app);
    await typeSemiAutomatic(ui, 'nas2', sshd.password);
    await waitForFrame(ui, (frame) => frame.includes('Added nas2'), 30_000);
    const before = String(data.store.keychain.get('nas2').attributes.remote_host_key);
    const oldFingerprints = [...sshd.hostKeyFingerprints];
    await sshd.restartWithNewHostKey();

    await press(ui, 'v');
    await waitForFrame(ui, (frame) => frame.includes('HAS CHANGED'), 20_000);
    const panel = screenText(ui);
    expect(panel).toContain(`WARNING: THE HOST KEY OF ${sshd.host}:${sshd.port} (nas2) HAS CHANGED`);
    expect(panel).toContain('man-in-the-middle');
    expect(oldFingerprints.some((fingerprint) => panel.includes(`Stored:  ${fingerprint}`))).toBe(true);
    const offered = sshd.hostKeyFingerprints.find((fingerprint) => panel.includes(fingerprint));
    expect(offered).toBeDefined();
    expect(data.store.keychain.list('SSH_CREDENTIALS')[0]!.lastCheck).toMatchObject({ ok: false, message: expect.stringContaining('CHANGED') });

    await press(ui, keys.enter); // the default answer keeps the old key
    await waitForFrame(ui, (frame) => frame.includes('Kept the old host key'));
    expect(data.store.keychain.get('nas2').attributes.remote_host_key).toBe(before);
    expect(screenText(ui)).toMatch(/nas2.*FAILED/);

    await press(ui, 'v');
    await waitForFrame(ui, (frame) => frame.includes('HAS CHANGED'), 20_000);
    await press(ui, 'y');
    await waitForFrame(ui, (frame) => frame.includes(`New host key ${offered} accepted`), 20_000);
    const stored = data.store.keychain.get('nas2');
    expect(String(stored.attributes.remote_host_key).split('\n')).toHaveLength(1);
    expect(sshd.hostKeyLines).toContain(stored.attributes.remote_host_key);
    expect(data.store.keychain.list('SSH_CREDENTIALS')[0]!.lastCheck).toMatchObject({ ok: true });
  });

  test('edit and delete by keys, each landing in the store; delete asks first', async () => {
    const app = services();
    const { data } = app;
    await generateKeypairRecord(data.store, 'k');
    await addManualConnection(data.store, { name: 'nas4', host: 'nas4.lan', keypair: { keypair: 'k' }, remoteHostKey: sshd.hostKeyLines[0]! });
    const ui = await mountSsh(app);

    await press(ui, 'e');
    await waitForFrame(ui, (frame) => frame.includes('Edit SSH connection nas4'));
    await press(ui, keys.tab, keys.tab, keys.tab); // Username
    await fillField(ui, 'backup');
    await press(ui, keys.tab, keys.tab, keys.tab); // Private key, Remote host key, Connect timeout
    await fillField(ui, '25');
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Saved nas4'));
    expect(data.store.keychain.get('nas4').attributes).toMatchObject({ host: 'nas4.lan', port: 22, username: 'backup', connect_timeout: 25, remote_host_key: sshd.hostKeyLines[0] });

    await press(ui, keys.enter); // details
    expect(screenText(ui)).toContain('SSH connection nas4');
    expect(screenText(ui)).toContain('25 s');
    await escape(ui);
    await press(ui, 'd');
    expect(screenText(ui)).toContain('Delete "nas4" (backup@nas4.lan:22)?');
    await press(ui, 'n');
    expect(data.store.keychain.count()).toBe(2);
    await press(ui, 'd', 'y');
    await waitForFrame(ui, (frame) => frame.includes('Deleted SSH connection nas4'));
    expect(data.store.keychain.list().map((record) => record.name)).toEqual(['k']);
  });

  test('the Add form shows the fields of each setup method and fits 80x24 in ASCII (snapshots)', async () => {
    const app = services();
    const ui = await mountSsh(app);
    await press(ui, 'a');
    const trueNas = screenText(ui);
    expect(trueNas).toContain('Semi-automatic (TrueNAS)');
    await press(ui, keys.tab, keys.right);
    const semi = screenText(ui);
    expect(semi).toMatchSnapshot('semi-automatic');
    expect(semi).toContain('Semi-automatic (any SSH server)');
    for (const label of ['Host', 'Port', 'Admin Username', 'Admin Password', 'One-Time Password', 'Username', 'Private Key', 'Connect Timeout']) expect(semi).toContain(label);
    expect(semi).not.toContain('Remote Host Key');
    await press(ui, keys.right);
    const manual = screenText(ui);
    expect(manual).toMatchSnapshot('manual');
    expect(manual).toContain('Remote Host Key');
    expect(manual).not.toContain('Admin Password');
    for (const frame of [trueNas, semi, manual]) {
      expect(frame.split('\n')).toHaveLength(23);
      expect(frame.split('\n').every((line) => line.length <= 80)).toBe(true);
    }
    expect(nonAscii(everything(ui))).toEqual([]);
  });
});

describe('SSH Connections: keys act on the row that is highlighted', () => {
  test('after Add, the new connection is highlighted: the offered "test it with v" tests that one', async () => {
    const app = services();
    const { data } = app;
    const port = await closedPort();
    await generateKeypairRecord(data.store, 'k');
    await addManualConnection(data.store, { name: 'aaa-old', host: '127.0.0.1', port, keypair: { keypair: 'k' }, remoteHostKey: sshd.hostKeyLines[0]! });
    const ui = await mountSsh(app);
    await press(ui, 'a');
    await type(ui, 'zzz-new');
    await press(ui, keys.tab, keys.right, keys.right, keys.tab); // Manual
    await type(ui, '127.0.0.1');
    await press(ui, keys.tab, keys.ctrlU);
    await type(ui, String(port));
    await press(ui, keys.tab, keys.tab, keys.right, keys.tab, paste(sshd.hostKeyLines[0]!), keys.tab, keys.enter); // username; private key k; host key; save
    await waitForFrame(ui, (frame) => frame.includes('test it with v'));
    await burst(ui, 'v');
    await waitForFrame(ui, (frame) => frame.includes('Error: '), 20_000);
    const checks = Object.fromEntries(data.store.keychain.list('SSH_CREDENTIALS').map((record) => [record.name, record.lastCheck?.ok ?? null]));
    expect(checks).toEqual({ 'aaa-old': null, 'zzz-new': false });
  });
});
