import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addCloudCredential, listCloudCredentials } from '../../src/engine/cloud/index.js';
import { appSecretPolicy } from '../../src/engine/appSecretPolicy.js';
import { openDataStore } from '../../src/engine/dataStore.js';
import { providers } from '../../src/providers/index.js';
import { childProcessNames, rcloneTempDirs } from '../helpers/leftBehind.js';
import { closedPort, useBlackHole } from '../helpers/servers.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { startFtpServer, type TestFtpServer } from '../harness/ftpServer.js';
import { startHttpServer, type TestHttpServer } from '../harness/httpServer.js';
import { SERVICE_ACCOUNT, TOKEN } from '../providers/samples.js';
import { nonAscii } from '../../testing/text.js';
import { keys, press, type, waitForFrame, type Ui } from '../widgets/ui.js';
import { burst, escape, mountScreens, paste, screenText, useScreenServices, type TestAppServices } from './mount.js';

// The Cloud Credentials screen in the console shell, driven by keys; assertions on the store.

const tempDir = useTempDirs();
const services = useScreenServices();
const mountCloud = (app: TestAppServices, options: { size?: { columns: number; rows: number } } = {}) => mountScreens(app, { screens: ['cloud-credentials'], ready: 'a add', ...options });

const FTP_PASSWORD = 'ftp-Secret-Pass-91';
let ftp: TestFtpServer;
let web: TestHttpServer;
// Accepts connections and never answers: a verify against it runs until cancelled.
const blackHole = useBlackHole();
beforeAll(async () => {
  [ftp, web] = await Promise.all([startFtpServer('alice', FTP_PASSWORD), startHttpServer()]);
  writeFileSync(join(ftp.root, 'hello.txt'), 'hello');
});
afterAll(async () => {
  await Promise.all([ftp?.close(), web?.close()]);
});

const stored = (app: TestAppServices, name: string) => app.store().cloudCredentials.get(name).attributes;

/** Answers yes to "Save it anyway?": these services have no rclone, so nothing can be verified. */
async function saveUnverified(ui: Ui): Promise<void> {
  await waitForFrame(ui, (frame) => frame.includes('Save it anyway?'), 10_000);
  await press(ui, 'y');
}

/** Fills the FTP form with the test FTP server's address and user, and this password. */
async function typeFtpForm(ui: Ui, name: string, password: string): Promise<void> {
  await openAddForm(ui, 4);
  await type(ui, name);
  await press(ui, keys.tab);
  await type(ui, ftp.host);
  await press(ui, keys.tab);
  await type(ui, String(ftp.port));
  await press(ui, keys.tab);
  await type(ui, 'alice');
  await press(ui, keys.tab);
  await type(ui, password);
}

/** Opens "add", picks the provider at `index` in the seed's order. */
async function openAddForm(ui: Ui, index: number): Promise<void> {
  await press(ui, 'a');
  await waitForFrame(ui, (frame) => frame.includes('choose the provider'));
  for (let i = 0; i < index; i++) await press(ui, keys.down);
  await press(ui, keys.enter);
  await waitForFrame(ui, (frame) => /Add .* credential/.test(frame));
}

describe('Cloud Credentials forms', () => {
  test.each(providers.map((provider, index) => [provider.id, index] as const))('renders the %s form at 80x24', async (_id, index) => {
    const ui = await mountCloud(services());
    await openAddForm(ui, index);
    const frame = screenText(ui);
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    expect(nonAscii(ui.allFrames())).toEqual([]);
    const provider = providers[index]!;
    for (const field of provider.fields.filter((f) => !f.advanced)) expect(frame).toContain(field.label.slice(0, 24));
    // One fold per group the provider declares, titled with the group's name (the seed's heading).
    const groups = [...new Set(provider.fields.map((f) => f.advanced).filter((group) => group !== undefined))];
    for (const group of groups) expect(frame).toContain(`+ ${group} (${provider.fields.filter((f) => f.advanced === group).length})`);
    expect(frame).toMatchSnapshot();
  });

  test('saves an FTP credential typed by keys: the store holds its attributes, the screen never showed the password', async () => {
    const app = services({ rclone: 'missing' });
    const ui = await mountCloud(app);
    await openAddForm(ui, 4);
    await type(ui, 'office ftp');
    await press(ui, keys.tab);
    await type(ui, ' ftp.example.com ');
    await press(ui, keys.tab);
    await type(ui, '2121');
    await press(ui, keys.tab);
    await type(ui, 'nas');
    await press(ui, keys.tab);
    await type(ui, FTP_PASSWORD);
    await press(ui, keys.enter); // the last field submits
    await saveUnverified(ui);
    await waitForFrame(ui, (frame) => frame.includes('Added office ftp.'));
    expect(stored(app, 'office ftp')).toEqual({ host: 'ftp.example.com', port: 2121, user: 'nas', pass: FTP_PASSWORD });
    expect(screenText(ui)).toMatch(/office ftp\s+FTP\s+never/);
    expect(ui.allFrames()).not.toContain(FTP_PASSWORD);
  });

  test('saves S3 advanced options from the fold, and warns at the field about a key shape with a custom endpoint', async () => {
    const app = services({ rclone: 'missing' });
    const ui = await mountCloud(app);
    await openAddForm(ui, 0);
    await type(ui, 'minio');
    await press(ui, keys.tab);
    await type(ui, 'B2KEYID-0012a3b4c5d6e7f00000');
    await press(ui, keys.tab);
    await type(ui, 'wJalrXUtnFEMI/K7MDENG');
    await press(ui, keys.tab, keys.tab, keys.enter, keys.tab); // max upload parts (default), open the fold, Endpoint URL
    await type(ui, 'https://minio.example.com:9000');
    await press(ui, keys.tab);
    await type(ui, 'us-east-1');
    await press(ui, keys.tab, keys.space, keys.tab, keys.space);
    await waitForFrame(ui, (frame) => frame.includes('! Access Key ID must be 5 to 20 letters or digits.'));
    await press(ui, keys.tab, keys.tab, keys.tab, keys.tab, keys.enter); // past S3 Provider, Force Path Style, Sign Accept-Encoding
    await saveUnverified(ui);
    await waitForFrame(ui, (frame) => frame.includes('Added minio.'));
    expect(stored(app, 'minio')).toEqual({
      access_key_id: 'B2KEYID-0012a3b4c5d6e7f00000',
      secret_access_key: 'wJalrXUtnFEMI/K7MDENG',
      max_upload_parts: 10000,
      endpoint: 'https://minio.example.com:9000',
      region: 'us-east-1',
      skip_region: true,
      signatures_v2: true,
      provider: 'Other',
      force_path_style: true,
      sign_accept_encoding: true,
    });
  });

  test('saves an OpenStack Swift region set in the "Endpoint Advanced Options" fold, the other fold left closed', async () => {
    const app = services({ rclone: 'missing' });
    const ui = await mountCloud(app);
    await openAddForm(ui, 13);
    await type(ui, 'swift');
    await press(ui, keys.tab);
    await type(ui, 'demo');
    await press(ui, keys.tab);
    await type(ui, 'swift-Pass-2718');
    await press(ui, keys.tab);
    await type(ui, 'https://keystone.example.com/v3');
    await press(ui, keys.tab, keys.tab, keys.tab, keys.enter); // past Auth Version and "Advanced Options"; open the endpoint fold
    await waitForFrame(ui, () => /\+ Advanced Options \(9\)\n> - Endpoint Advanced Options \(3\)\n {2}Region Name/.test(screenText(ui)));
    expect(screenText(ui)).not.toContain('Tenant Name');
    await press(ui, keys.tab);
    await type(ui, 'RegionOne');
    await press(ui, keys.tab, keys.tab, keys.enter); // Storage URL, Endpoint Type: its Enter saves
    await saveUnverified(ui);
    await waitForFrame(ui, (frame) => frame.includes('Added swift.'));
    expect(stored(app, 'swift')).toMatchObject({ user: 'demo', key: 'swift-Pass-2718', auth: 'https://keystone.example.com/v3', region: 'RegionOne' });
    expect(ui.allFrames()).not.toContain('swift-Pass-2718');
  });

  test('refuses a save with the problems at their fields, and keeps what was typed', async () => {
    const app = services();
    const ui = await mountCloud(app);
    await openAddForm(ui, 4);
    await type(ui, 'broken');
    await press(ui, keys.tab);
    await type(ui, 'ftp://host');
    await press(ui, keys.tab, keys.tab, keys.tab, keys.tab, keys.enter); // to [ Add ]
    // The field with the problem takes the focus again, what was typed kept.
    await waitForFrame(ui, (frame) => /> Host\s+ftp:\/\/host/.test(frame));
    expect(screenText(ui)).toContain('x Host must be the host name only');
    await press(ui, keys.ctrlU);
    await type(ui, 'ftp.example.com');
    await press(ui, keys.tab, keys.tab, keys.tab, keys.tab, keys.enter);
    // Then the save is tried, and what is missing shows at its field.
    await waitForFrame(ui, (frame) => frame.includes('x Username is required.'));
    expect(screenText(ui)).toContain('broken');
    expect(app.store().cloudCredentials.count()).toBe(0);
  });

  test('shows the rclone authorize command for an OAuth provider and takes the pasted output as the token', async () => {
    const app = services({ rclone: 'missing' });
    const ui = await mountCloud(app);
    await openAddForm(ui, 6); // Google Drive
    expect(screenText(ui)).toContain('rclone authorize "drive"');
    await type(ui, 'drive');
    await press(ui, keys.tab);
    await type(ui, 'my-app.apps');
    await waitForFrame(ui, (frame) => frame.includes('rclone authorize "drive" "my-app.apps" "CLIENT_SECRET"'));
    await press(ui, keys.ctrlU, keys.tab, keys.tab); // no custom app after all; to Access Token
    await press(ui, paste(`2026/11/24 Paste the following into your remote machine --->\n${TOKEN}\n<---End paste\n`));
    await waitForFrame(ui, (frame) => frame.includes('[hidden:'));
    await press(ui, keys.tab);
    await type(ui, '0ABCteamdrive');
    await press(ui, keys.enter);
    await saveUnverified(ui);
    await waitForFrame(ui, (frame) => frame.includes('Added drive.'));
    expect(stored(app, 'drive')).toEqual({ token: TOKEN, team_drive: '0ABCteamdrive' });
    expect(ui.allFrames()).not.toContain('ya29.a0AfH6SMBfakeaccesstoken');
  });

  test('loads a Google Cloud Storage service account key from a file path', async () => {
    const app = services({ rclone: 'missing' });
    const keyFile = join(tempDir(), 'sa.json');
    writeFileSync(keyFile, SERVICE_ACCOUNT);
    const ui = await mountCloud(app);
    await openAddForm(ui, 5);
    await type(ui, 'gcs');
    await press(ui, keys.tab, keys.tab); // past the JSON, to Choose File
    await type(ui, keyFile);
    await press(ui, keys.enter);
    await saveUnverified(ui);
    await waitForFrame(ui, (frame) => frame.includes('Added gcs.'));
    expect(stored(app, 'gcs')).toEqual({ service_account_credentials: JSON.stringify(JSON.parse(SERVICE_ACCOUNT)) });
    expect(ui.allFrames()).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
  });

  test('generates a new keypair for an SFTP credential, named after it', async () => {
    const app = services({ rclone: 'missing' });
    const ui = await mountCloud(app);
    await openAddForm(ui, 15);
    await type(ui, 'offsite');
    await press(ui, keys.tab);
    await type(ui, '192.0.2.7');
    await press(ui, keys.tab, keys.tab);
    await type(ui, 'backup');
    await press(ui, keys.tab, keys.tab, keys.right); // Private Key ID: Generate New
    await waitForFrame(ui, (frame) => frame.includes('Generate New'));
    await press(ui, keys.enter);
    await saveUnverified(ui);
    await waitForFrame(ui, (frame) => frame.includes('Generated SSH keypair "offsite"'), 10_000);
    const keypair = app.store().keychain.get('offsite');
    expect(keypair.type).toBe('SSH_KEY_PAIR');
    expect(stored(app, 'offsite')).toEqual({ host: '192.0.2.7', port: 22, user: 'backup', private_key: keypair.id });
  });

  test('edit keeps a secret left empty ("unchanged") and saves the other changes', async () => {
    const app = services({ rclone: 'missing' });
    await addCloudCredential(app.store(), { name: 'dav', provider: 'WEBDAV', attributes: { url: 'https://dav.example.com/', vendor: 'NEXTCLOUD', user: 'me', pass: 'dav-Secret-77' } });
    const ui = await mountCloud(app);
    await press(ui, 'e');
    await waitForFrame(ui, (frame) => frame.includes('Edit dav (WebDav)'));
    expect(screenText(ui)).toContain('(unchanged; type to replace)');
    await press(ui, keys.tab, keys.tab, keys.right, keys.tab, keys.ctrlU); // vendor: ownCloud; user cleared
    await type(ui, 'you');
    await press(ui, keys.tab, keys.enter); // password left empty; submit
    await saveUnverified(ui);
    await waitForFrame(ui, (frame) => frame.includes('Saved dav.'));
    expect(stored(app, 'dav')).toEqual({ url: 'https://dav.example.com/', vendor: 'OWNCLOUD', user: 'you', pass: 'dav-Secret-77' });
    expect(ui.allFrames()).not.toContain('dav-Secret-77');
  });

  test('Esc on a changed form asks before discarding', async () => {
    const app = services();
    const ui = await mountCloud(app);
    await openAddForm(ui, 8); // HTTP
    await type(ui, 'web');
    await escape(ui);
    await waitForFrame(ui, (frame) => frame.includes('Discard the changes in this form?'));
    await press(ui, 'n');
    expect(screenText(ui)).toContain('web');
    await escape(ui);
    await press(ui, 'y');
    await waitForFrame(ui, (frame) => frame.includes('No cloud credentials yet'));
  });
});

describe('Cloud Credentials list', () => {
  test('views a credential with secrets masked until Ctrl-R, which reveals them', async () => {
    const app = services();
    await addCloudCredential(app.store(), { name: 'mega', provider: 'MEGA', attributes: { user: 'me@example.com', pass: 'Mega-Pass-3141' } });
    const ui = await mountCloud(app);
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Secrets are masked'));
    expect(screenText(ui)).toMatch(/Password\s+\*{8}/);
    expect(ui.allFrames()).not.toContain('Mega-Pass-3141');
    await press(ui, keys.ctrlR);
    await waitForFrame(ui, (frame) => frame.includes('Mega-Pass-3141'));
    await press(ui, keys.ctrlR);
    await waitForFrame(ui, (frame) => !frame.includes('Mega-Pass-3141'));
    await escape(ui);
    await waitForFrame(ui, (frame) => frame.includes('a add'));
  });

  test('verifies by keys against a real FTP server: the list shows the result, a failure one clean line and its details on i', async () => {
    const app = services();
    await addCloudCredential(app.store(), { name: 'good', provider: 'FTP', attributes: { host: ftp.host, port: ftp.port, user: 'alice', pass: FTP_PASSWORD } });
    await addCloudCredential(app.store(), { name: 'wrong', provider: 'FTP', attributes: { host: ftp.host, port: ftp.port, user: 'alice', pass: 'not-the-pass-55' } });
    const ui = await mountCloud(app);
    await press(ui, 'v');
    await waitForFrame(ui, (frame) => frame.includes('good: valid'), 30_000);
    expect(screenText(ui)).toMatch(/good\s+FTP\s+valid \d\d-\d\d \d\d:\d\d/);
    expect(app.store().cloudCredentials.get('good').lastCheck).toMatchObject({ ok: true });

    await press(ui, keys.down, 'v');
    await waitForFrame(ui, (frame) => frame.includes('wrong: failed to make FTP connection'), 30_000);
    const frame = screenText(ui);
    expect(frame).toMatch(/wrong\s+FTP\s+INVALID \d\d-\d\d \d\d:\d\d/);
    expect(frame.replace(/\s+/g, ' ')).toContain('530 Invalid username or password (i: details)');
    expect(frame).not.toMatch(/\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d|Failed to create file system/);
    expect(app.store().cloudCredentials.get('wrong').lastCheck).toMatchObject({ ok: false, message: expect.stringContaining('530 Invalid username or password') });
    await press(ui, 'i');
    await waitForFrame(ui, (f) => f.includes('rclone said (secrets redacted):'));
    expect(screenText(ui)).toMatch(/Failed to create file system for "remote:"/);
    await escape(ui);
    expect(ui.allFrames()).not.toContain(FTP_PASSWORD);
    expect(ui.allFrames()).not.toContain('not-the-pass-55');
  });

  test('Esc cancels a verify that does not finish, and records nothing', async () => {
    const app = services();
    await addCloudCredential(app.store(), { name: 'stuck', provider: 'FTP', attributes: { host: '127.0.0.1', port: blackHole.port, user: 'a', pass: 'b' } });
    const ui = await mountCloud(app);
    await press(ui, 'v');
    await waitForFrame(ui, (frame) => frame.includes('Verifying stuck... (Esc cancels)'));
    expect(screenText(ui)).toMatch(/^Esc cancel\b/m);
    await escape(ui);
    await waitForFrame(ui, (frame) => frame.includes('Verification cancelled.'), 10_000);
    expect(app.store().cloudCredentials.get('stuck').lastCheck).toBeNull();
    expect(childProcessNames()).not.toContain('rclone');
    expect(rcloneTempDirs()).toEqual([]);
  });

  test('verifies an unsaved form with Ctrl-T before saving', async () => {
    const app = services();
    const ui = await mountCloud(app);
    await typeFtpForm(ui, 'checked', FTP_PASSWORD);
    await press(ui, keys.ctrlT);
    await waitForFrame(ui, (frame) => frame.includes('checked: valid'), 30_000);
    expect(app.store().cloudCredentials.count()).toBe(0);
    expect(screenText(ui)).toContain('FTP credential'); // still in the form
  });

  test('verifies all in the background with progress, and the list shows every result', async () => {
    const app = services();
    for (const [name, pass] of [['a-good', FTP_PASSWORD], ['b-wrong', 'nope-1234'], ['c-good', FTP_PASSWORD]] as const) {
      await addCloudCredential(app.store(), { name, provider: 'FTP', attributes: { host: ftp.host, port: ftp.port, user: 'alice', pass } });
    }
    const ui = await mountCloud(app);
    await press(ui, 'V');
    await waitForFrame(ui, (frame) => frame.includes('Verified 3: 2 valid, 1 invalid. Invalid: b-wrong'), 60_000);
    expect(ui.allFrames()).toMatch(/Verifying all: \d\/3/);
    await waitForFrame(ui, (frame) => /a-good\s+FTP\s+valid/.test(frame) && /b-wrong\s+FTP\s+INVALID/.test(frame) && /c-good\s+FTP\s+valid/.test(frame));
    expect(app.store().cloudCredentials.list().map((record) => record.lastCheck?.ok)).toEqual([true, false, true]);
  });

  test('deletes after a confirm; "n" keeps the credential', async () => {
    const app = services();
    await addCloudCredential(app.store(), { name: 'old', provider: 'HTTP', attributes: { url: 'https://example.com/' } });
    const ui = await mountCloud(app);
    await press(ui, 'd');
    await waitForFrame(ui, (frame) => frame.includes('Delete "old" (HTTP)? This cannot be undone.'));
    await press(ui, 'n');
    expect(app.store().cloudCredentials.count()).toBe(1);
    await press(ui, 'd');
    await waitForFrame(ui, (frame) => frame.includes('Delete "old"'));
    await press(ui, 'y');
    await waitForFrame(ui, (frame) => frame.includes('Deleted old.'));
    expect(app.store().cloudCredentials.count()).toBe(0);
  });

  test('fits 80x24 with 10,000 credentials and pages through them', async () => {
    const app = services();
    const store = app.store();
    store.db.transaction(() => {
      for (let i = 0; i < 10_000; i++) store.cloudCredentials.create(`credential-${String(i).padStart(5, '0')}`, 'FTP', { host: 'ftp.example.com', user: 'u', pass: `p-${i}` });
    })();
    const ui = await mountCloud(app);
    expect(screenText(ui)).toMatch(/Name\s+Provider\s+Last verify\s+1-19\/10000\n/);
    await press(ui, keys.end);
    await waitForFrame(ui, (frame) => frame.includes('credential-09999') && frame.includes('9982-10000/10000'));
    expect(screenText(ui).split('\n').length).toBeLessThanOrEqual(24);
  });
});

describe('Cloud Credentials: keys typed ahead of the screen act on what is highlighted', () => {
  /** HTTP credentials named in order, each pointing at `url(name)`. */
  async function httpCredentials(app: TestAppServices, names: string[], url: (name: string) => string) {
    for (const name of names) await addCloudCredential(app.store(), { name, provider: 'HTTP', attributes: { url: url(name) } });
  }
  const names = (app: TestAppServices) => listCloudCredentials(app.store()).map((credential) => credential.name);

  test('Home, then Down d in one read asks to delete the second row, and y deletes that one', async () => {
    const app = services();
    await httpCredentials(app, ['alpha', 'bravo', 'charlie'], (name) => `https://${name}.example.com/`);
    const ui = await mountCloud(app);
    await press(ui, keys.down, keys.down, keys.home);
    await burst(ui, keys.down, 'd');
    await waitForFrame(ui, (frame) => frame.includes('Delete cloud credential'));
    expect(screenText(ui)).toContain('Delete "bravo" (HTTP)?');
    await press(ui, 'y');
    await waitForFrame(ui, (frame) => frame.includes('Deleted bravo.'));
    expect(names(app)).toEqual(['alpha', 'charlie']);
  });

  test('Down Down v in one read verifies the third row and records its result there', async () => {
    const app = services();
    const port = await closedPort();
    await httpCredentials(app, ['alpha', 'bravo', 'charlie'], () => `http://127.0.0.1:${port}/`);
    const ui = await mountCloud(app);
    await burst(ui, keys.down, keys.down, 'v');
    await waitForFrame(ui, (frame) => frame.includes('Error: ') && !frame.includes('Verifying'), 30_000);
    expect(listCloudCredentials(app.store()).map((credential) => [credential.name, credential.lastCheck?.ok ?? null])).toEqual([['alpha', null], ['bravo', null], ['charlie', false]]);
  });

  test('Down Down Down e in one read edits the fourth row, and the save renames that one', async () => {
    const app = services();
    await httpCredentials(app, ['alpha', 'bravo', 'charlie', 'delta'], () => web.url);
    const ui = await mountCloud(app);
    await burst(ui, keys.down, keys.down, keys.down, 'e');
    await waitForFrame(ui, (frame) => frame.includes('Edit '));
    expect(screenText(ui)).toContain('Edit delta (HTTP)');
    await press(ui, keys.ctrlU);
    await type(ui, 'delta-2');
    await press(ui, keys.tab, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Saved delta-2'), 30_000);
    expect(names(app)).toEqual(['alpha', 'bravo', 'charlie', 'delta-2']);
  });
});

describe('Cloud Credentials: the view and the form say what their keys do', () => {
  test('after Ctrl-R in a view with a secret, the hint says how to hide it again', async () => {
    const app = services();
    await addCloudCredential(app.store(), { name: 'mega', provider: 'MEGA', attributes: { user: 'me@example.com', pass: 'Mega-Pass-3141' } });
    const ui = await mountCloud(app);
    await press(ui, keys.enter, keys.ctrlR);
    await waitForFrame(ui, (frame) => frame.includes('Mega-Pass-3141'));
    expect(screenText(ui)).toContain('Secrets shown: Ctrl-R hides them.');
    expect(screenText(ui)).not.toContain('no secret set');
    expect(stored(app, 'mega').pass).toBe('Mega-Pass-3141');
  });

  test('a revealed long secret is drawn whole: each of its lines cut into full rows, no character dropped', async () => {
    const app = services();
    await addCloudCredential(app.store(), { name: 'gcs', provider: 'GOOGLE_CLOUD_STORAGE', attributes: { service_account_credentials: SERVICE_ACCOUNT } });
    const value = String(stored(app, 'gcs').service_account_credentials);
    const ui = await mountCloud(app);
    await press(ui, keys.enter, keys.ctrlR);
    await waitForFrame(ui, (frame) => frame.includes('"type"'));
    const rows = screenText(ui).split('\n');
    const first = rows.findIndex((row) => row.includes('Service Account'));
    const column = rows[first]!.indexOf('{');
    const width = 80 - column;
    // What a selection of those rows copies: every line of the value, in rows of the full width.
    const expected = value.split('\n').flatMap((line) => Array.from({ length: Math.max(1, Math.ceil(line.length / width)) }, (_, at) => line.slice(at * width, (at + 1) * width)));
    const shown = rows.slice(first, first + expected.length).map((row) => row.slice(column));
    expect(shown).toEqual(expected.map((row) => row.trimEnd()));
  });

  test("a failed Ctrl-T in the form names the form's own key for its details, and that key shows them", async () => {
    const app = services();
    const port = await closedPort();
    const ui = await mountCloud(app);
    await openAddForm(ui, 8); // HTTP
    await type(ui, 'web');
    await press(ui, keys.tab);
    await type(ui, `http://127.0.0.1:${port}/`);
    await press(ui, keys.ctrlT);
    await waitForFrame(ui, (frame) => frame.includes('Error: web:'), 30_000);
    expect(screenText(ui).replace(/\s+/g, ' ')).toContain('(Ctrl-D: details)');
    await press(ui, keys.ctrlD);
    await waitForFrame(ui, (frame) => frame.includes('rclone said (secrets redacted):'));
    expect(app.store().cloudCredentials.count()).toBe(0);
  });
});

describe('Cloud Credentials: saving verifies what it stores', () => {
  test('a credential verified with Ctrl-T and then saved unchanged is stored as valid', async () => {
    const app = services();
    const ui = await mountCloud(app);
    await typeFtpForm(ui, 'checked', FTP_PASSWORD);
    await press(ui, keys.ctrlT);
    await waitForFrame(ui, (frame) => frame.includes('checked: valid'), 30_000);
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Added checked'), 30_000);
    expect(app.store().cloudCredentials.get('checked').lastCheck).toMatchObject({ ok: true });
    expect(screenText(ui)).toMatch(/checked\s+FTP\s+valid/);
  });

  test('editing a credential to a wrong password asks first: no keeps the stored one, yes saves it as invalid', async () => {
    const app = services();
    await addCloudCredential(app.store(), { name: 'box', provider: 'FTP', attributes: { host: ftp.host, port: ftp.port, user: 'alice', pass: FTP_PASSWORD } });
    const ui = await mountCloud(app);
    await press(ui, 'e');
    await waitForFrame(ui, (frame) => frame.includes('Edit box (FTP)'));
    await press(ui, keys.tab, keys.tab, keys.tab, keys.tab);
    await type(ui, 'wrong-Pass-404');
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Save it anyway?'), 30_000);
    await press(ui, 'n');
    await waitForFrame(ui, (frame) => frame.includes('Edit box (FTP)'));
    expect(stored(app, 'box').pass).toBe(FTP_PASSWORD);
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Save it anyway?'), 30_000);
    await press(ui, 'y');
    await waitForFrame(ui, (frame) => frame.includes('Saved box'));
    expect(stored(app, 'box').pass).toBe('wrong-Pass-404');
    expect(app.store().cloudCredentials.get('box').lastCheck).toMatchObject({ ok: false });
    expect(ui.allFrames()).not.toContain('wrong-Pass-404');
  });
});

describe('Cloud Credentials: changes made elsewhere', () => {
  test('a credential another process adds shows in the list; a replaced configuration sends a view back to the list', async () => {
    const app = services();
    const ui = await mountCloud(app);
    const other = openDataStore(app.paths.dir, appSecretPolicy); // another shell's `cloud add`
    await addCloudCredential(other.store, { name: 'from-the-cli', provider: 'HTTP', attributes: { url: 'https://example.com/' } });
    other.store.close();
    app.storeChanged({ replaced: false }); // what the console's store watch says on its next tick
    await waitForFrame(ui, (frame) => /from-the-cli\s+HTTP\s+never/.test(frame));
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('from-the-cli  (HTTP)'));
    app.storeChanged({ replaced: true });
    await waitForFrame(ui, (frame) => frame.includes('a add') && frame.includes('Last verify'));
    expect(listCloudCredentials(app.store()).map((credential) => credential.name)).toEqual(['from-the-cli']);
  });
});
