import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { nonAscii } from '../../testing/text.js';
import { opensshLogin } from '../harness/opensshClient.js';
import { useBlackHole } from '../helpers/servers.js';
import { useSshd } from '../helpers/sshd.js';
import { useTrueNasApis, type RunningTrueNasApi } from '../harness/trueNasApi.js';
import { keys, press, type, waitForFrame, type Ui } from '../widgets/ui.js';
import { burst, everything, mountScreens, screenText, useScreenServices, type TestAppServices } from './mount.js';

// The TrueNAS flavour of the Add SSH connection form, driven by keys against the test TrueNAS
// API (test/harness/trueNasApi.ts), whose ssh_pair installs the key for a real user of a real
// sshd. Assertions on the store, the user's authorized_keys and what the TrueNAS received.

const USER = 'nasctest-tnscreen';
const sshd = useSshd({ user: USER, freshHomeEachTest: true });
const trueNas = useTrueNasApis(() => ({ sshd }));
const services = useScreenServices();
const silent = useBlackHole(); // accepts connections and never answers

const mountSsh = (app: TestAppServices) => mountScreens(app, { screens: ['ssh-connections', 'ssh-keypairs'], open: 'ssh-connections' });

function authorizedKeys(): string {
  try {
    return readFileSync(join(sshd.homeDir, '.ssh', 'authorized_keys'), 'utf8');
  } catch {
    return '';
  }
}

interface Typed {
  url?: string;
  password?: string;
  otp?: string;
}

/**
 * Opens the Add form and types a TrueNAS-flavour setup in one burst, as a fast line delivers
 * it: the sudo toggle appears when Username is typed, and the keys after it move through it.
 */
async function typeTrueNasSetup(ui: Ui, server: RunningTrueNasApi, typed: Typed = {}): Promise<void> {
  await press(ui, 'a');
  await burst(
    ui,
    'nas2', keys.tab, // Name
    keys.tab, // Setup Method: Semi-automatic (TrueNAS), the default
    typed.url ?? server.url, keys.tab,
    keys.ctrlU, server.adminUsername, keys.tab,
    typed.password ?? server.adminPassword, keys.tab,
    typed.otp ?? '', keys.tab,
    USER, keys.tab,
    keys.tab, // Enable passwordless sudo for zfs commands: off
    keys.tab, // Private Key: Generate New
    keys.enter, // Connect Timeout is the last field: Enter sets up
  );
}

const storedNames = (app: TestAppServices) => app.data.store.keychain.list().map((record) => record.name).sort();
/** The screen as one line: a status message wraps over rows. */
const flat = (ui: Ui) => screenText(ui).replace(/\s+/g, ' ');

describe('Add SSH connection, Semi-automatic (TrueNAS)', () => {
  test('the certificate is shown and trusted by keys; the TrueNAS installs the key, which logs in; the record is stored; no password on screen', async () => {
    const server = await trueNas();
    const app = services();
    const ui = await mountSsh(app);
    await typeTrueNasSetup(ui, server);

    await waitForFrame(ui, (frame) => frame.includes('Trust this certificate?'), 20_000);
    const question = screenText(ui);
    expect(question).toContain(`The TLS certificate of ${server.url} does not verify`);
    expect(question).toMatch(/Problem +self-signed certificate/);
    expect(question).toMatch(/Subject +CN=truenas\.local, O=nasconsole tests/);
    const [firstHalf, secondHalf] = [server.certificate!.fingerprint.slice(0, 7 + 47), server.certificate!.fingerprint.slice(7 + 48)];
    expect(question).toContain(`Fingerprint  ${firstHalf}:`);
    expect(question).toContain(`             ${secondHalf}`);
    expect(question.split('\n').every((line) => line.length <= 80)).toBe(true);
    expect(server.calls).toEqual([]); // nothing sent before the answer
    await press(ui, 'y');
    await waitForFrame(ui, (frame) => frame.includes('Added nas2'), 30_000);

    expect(flat(ui)).toContain('Added nas2: the TrueNAS installed the key (JSON-RPC API), key login verified, new keypair nas2-key');
    const connection = app.data.store.keychain.get('nas2');
    const keypair = app.data.store.keychain.get('nas2-key');
    expect(connection.attributes).toMatchObject({ host: '127.0.0.1', port: sshd.port, username: USER, private_key: keypair.id, connect_timeout: 10 });
    expect(String(connection.attributes.remote_host_key).split('\n').sort()).toEqual([...sshd.hostKeyLines].sort());
    expect(authorizedKeys()).toContain(String(keypair.attributes.public_key));
    expect(opensshLogin(sshd, String(keypair.attributes.private_key)).loggedIn).toBe(true);
    expect(server.calls.map((call) => call.method)).toEqual(['auth.login_ex', 'keychaincredential.ssh_pair', 'user.query', 'user.update']);
    expect(server.calls[0]!.params).toMatchObject([{ mechanism: 'PASSWORD_PLAIN', username: server.adminUsername, password: server.adminPassword }]);
    expect(everything(ui)).not.toContain(server.adminPassword);
  });

  test('the certificate not trusted: nothing is sent or stored, and the form is back as it was', async () => {
    const server = await trueNas();
    const app = services();
    const ui = await mountSsh(app);
    await typeTrueNasSetup(ui, server);
    await waitForFrame(ui, (frame) => frame.includes('Trust this certificate?'), 20_000);
    await press(ui, keys.enter); // no is the default

    await waitForFrame(ui, (frame) => frame.includes('The certificate was not trusted: nothing was sent or stored.'));
    expect(server.calls).toEqual([]);
    expect(storedNames(app)).toEqual([]);
    expect(authorizedKeys()).toBe('');
    expect(screenText(ui)).toMatch(/^ {2}Name +nas2$/m);
    expect(screenText(ui)).toContain(server.url);
  });

  test('an admin with two-factor authentication and no code in the form: a masked panel asks for it; over plain http a warning stays on the status line', async () => {
    const server = await trueNas({ totp: true, tls: false });
    const app = services();
    const ui = await mountSsh(app);
    await typeTrueNasSetup(ui, server);

    await waitForFrame(ui, (frame) => frame.includes('Two-factor authentication'), 20_000);
    const panel = screenText(ui);
    expect(panel).toContain(`The TrueNAS account ${server.adminUsername} uses two-factor`);
    expect(server.calls.map((call) => call.method)).toEqual(['auth.login_ex']);
    const code = server.totpCode();
    await burst(ui, code, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Added nas2'), 30_000);

    expect(server.calls.map((call) => call.method)).toEqual(['auth.login_ex', 'auth.login_ex_continue', 'keychaincredential.ssh_pair', 'user.query', 'user.update']);
    expect(server.calls[1]!.params).toEqual([{ mechanism: 'OTP_TOKEN', otp_token: code }]);
    expect(app.data.store.keychain.get('nas2').attributes).toMatchObject({ host: '127.0.0.1', port: sshd.port, username: USER });
    expect(flat(ui)).toContain('! Added nas2: the TrueNAS installed the key');
    expect(flat(ui)).toContain(`${server.url} is plain http: the admin password crosses the network in clear`);
    expect(everything(ui)).not.toContain(code);
    expect(everything(ui)).not.toContain(server.adminPassword);
  });

  test('a wrong password (legacy API): one error line, the form back at Admin Password; nothing stored, not even the generated keypair', async () => {
    const server = await trueNas({ tls: false, legacyOnly: true });
    const app = services();
    const ui = await mountSsh(app);
    await typeTrueNasSetup(ui, server, { password: 'not-the-password' });

    await waitForFrame(ui, (frame) => frame.includes('Error: Authentication failed: wrong username or password'), 20_000);
    expect(server.calls.map((call) => call.method)).toEqual(['auth.login']);
    expect(storedNames(app)).toEqual([]);
    expect(authorizedKeys()).toBe('');
    const form = screenText(ui);
    expect(form).toMatch(/^> Admin Password *$/m);
    expect(form).toMatch(/^ {2}Username +nasctest-tnscreen$/m);
    expect(everything(ui)).not.toContain('not-the-password');

    // The right password, typed into the focused field, and the setup goes through.
    await type(ui, server.adminPassword);
    await burst(ui, keys.enter, keys.enter, keys.enter, keys.enter, keys.enter, keys.enter); // to Connect Timeout, then set up
    await waitForFrame(ui, (frame) => frame.includes('Added nas2'), 30_000);
    expect(storedNames(app)).toEqual(['nas2', 'nas2-key']);
  });

  test('a URL without a scheme gets the seed\'s advice under the field and sends nothing; http:// gets the clear-text warning', async () => {
    const server = await trueNas();
    const app = services();
    const ui = await mountSsh(app);
    const bare = server.url.replace(/^https:\/\//, '');
    await typeTrueNasSetup(ui, server, { url: bare });

    const form = screenText(ui);
    expect(flat(ui)).toContain(`"${bare}" has no URL scheme: be sure to use a valid URL scheme for the remote TrueNAS URL, as in https://${bare}.`);
    expect(form).toMatch(/^> TrueNAS URL +127\.0\.0\.1:\d+ *$/m); // the refused submit went to the field
    expect(server.calls).toEqual([]);
    expect(storedNames(app)).toEqual([]);

    await burst(ui, keys.home, 'http://');
    expect(flat(ui)).toContain(`http://${bare} is plain http: the admin password crosses the network in clear`);
  });

  test('Esc while a TrueNAS does not answer cancels the setup at once: nothing is stored', async () => {
    const server = await trueNas();
    const app = services();
    const ui = await mountSsh(app);
    await typeTrueNasSetup(ui, server, { url: `http://${silent.host}:${silent.port}` });
    await waitForFrame(ui, (frame) => frame.includes('Esc cancel'), 20_000);
    await press(ui, keys.escape);
    await waitForFrame(ui, (frame) => frame.includes('Cancelled: nothing was stored.'), 20_000);
    await silent.drained(); // the connection was closed, not left to its timeout
    expect(storedNames(app)).toEqual([]);
    expect(authorizedKeys()).toBe('');
  });

  test('the form in the words of TrueNAS; the sudo toggle only for a user other than root; it fits 80x24 in ASCII (snapshot)', async () => {
    const app = services();
    const ui = await mountSsh(app);
    await press(ui, 'a');
    const root = screenText(ui);
    expect(root).not.toContain('Enable passwordless sudo');
    await press(ui, keys.tab, keys.tab, keys.tab, keys.tab, keys.tab, keys.tab);
    await type(ui, 'backup');
    const other = screenText(ui);
    expect(other).toMatchSnapshot('truenas, username backup');
    const labels = ['Name', 'Setup Method', 'TrueNAS URL', 'Admin Username', 'Admin Password', 'One-Time Password (if necessary)', 'Username', 'Enable passwordless sudo for zfs commands', 'Private Key', 'Connect Timeout'];
    const at = labels.map((label) => other.split('\n').findIndex((line) => line.slice(2).startsWith(label)));
    expect(at.every((line) => line > 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    for (const frame of [root, other]) {
      expect(frame.split('\n')).toHaveLength(23);
      expect(frame.split('\n').every((line) => line.length <= 80)).toBe(true);
    }
    expect(nonAscii(everything(ui))).toEqual([]);
  });
});
