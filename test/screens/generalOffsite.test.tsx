import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { pushNewestBackup } from '../../src/engine/backups.js';
import { addCloudCredential } from '../../src/engine/cloud/index.js';
import { addDestination, generateRecipient, listDestinations, listRecipients } from '../../src/engine/offsite/index.js';
import { childProcessNames, rcloneTempDirs } from '../helpers/leftBehind.js';
import { useBlackHole, useWebdavServer } from '../helpers/servers.js';
import { nonAscii } from '../../testing/text.js';
import { keys, press, type, waitForFrame, type Ui } from '../widgets/ui.js';
import { burst, escape, everything, mountScreens, paste, screenText, useScreenServices, type TestAppServices } from './mount.js';

// Backups off the box on the General screen, driven by keys against a real WebDAV server
// (through real rclone and a stored WEBDAV cloud credential); assertions on the store and on
// what the server holds.

const open = useScreenServices();
const blackHole = useBlackHole();
const DAV_USER = 'genscreen';
const DAV_PASSWORD = 'dav-Pass:genscreen+1';
const davServer = useWebdavServer(DAV_USER, DAV_PASSWORD);

let places = 0;
/** A directory of its own on the WebDAV server for each test. */
const newPlace = () => `offsite-${process.pid}-${++places}/nas`;
const filesAt = (path: string) => (existsSync(join(davServer().root, path)) ? readdirSync(join(davServer().root, path)) : []);

/** Services on a fresh data dir holding the WebDAV credential "dav" (pointed at `url`, default the server). */
async function machineWithDav(url = davServer().url): Promise<TestAppServices> {
  const services = open();
  await addCloudCredential(services.store(), { name: 'dav', provider: 'WEBDAV', attributes: { url, vendor: 'OTHER', user: DAV_USER, pass: DAV_PASSWORD } });
  return services;
}

/** The General screen, "Backups off the box" opened. */
async function openOffsite(services: TestAppServices): Promise<Ui> {
  const ui = await mountScreens(services, { screens: ['general'], ready: 'o off the box' });
  await press(ui, 'o');
  await waitForFrame(ui, (frame) => frame.includes('Backups off the box: each daily backup'));
  return ui;
}

/** Every byte of the data dir's files, as latin1 text, to search for what must not be there. */
function dataDirText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path).toString('latin1'))
    .join('\n');
}

describe('General screen: backups off the box', () => {
  it('adds a destination by keys, pushes to it, shows its last result, and removes it by keys', async () => {
    const services = await machineWithDav();
    await generateRecipient(services.store());
    const path = newPlace();
    const ui = await openOffsite(services);
    expect(screenText(ui)).toContain('No destination yet');

    await burst(ui, 'a');
    await waitForFrame(ui, (frame) => frame.includes('Add a backup destination'));
    expect(screenText(ui)).toMatch(/Push with\s+.*cloud credential dav \(WEBDAV\)/);
    await type(ui, 'offsite');
    await press(ui, keys.tab, keys.tab);
    await type(ui, path);
    await press(ui, keys.tab, keys.ctrlU);
    await type(ui, '3');
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Added destination offsite'));
    expect(listDestinations(services.store())).toEqual([expect.objectContaining({ name: 'offsite', kind: 'cloud', via: 'dav', path, keep: 3, lastPush: null })]);
    expect(screenText(ui)).toMatch(/offsite\s+cloud dav\s+.*never pushed/);
    await press(ui, 't');
    await waitForFrame(ui, (frame) => frame.includes('offsite (dav:') && frame.includes('can take backups: 0 there now'), 30_000);
    expect(listDestinations(services.store())[0]!.lastPush).toBeNull(); // a test is not a push

    await press(ui, 'p');
    await waitForFrame(ui, (frame) => frame.includes('Pushed the daily backup made just now to offsite'), 30_000);
    const [pushed, ...others] = filesAt(path);
    expect(others).toEqual([]);
    expect(pushed).toMatch(/-nasconsole-\d{8}T\d{6}Z\.tar\.age$/);
    expect(readFileSync(join(davServer().root, path, pushed!)).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect(listDestinations(services.store())[0]!.lastPush).toMatchObject({ ok: true, file: pushed });
    // The progress was on the spinner; the list and the line under it say how the push went.
    expect(everything(ui)).toMatch(/Pushing to offsite: (connecting|uploading|reading it back)/);
    await waitForFrame(ui, (frame) => /offsite\s+cloud dav\s+.*\s3 OK \d\d-\d\d \d\d:\d\d/.test(frame));
    expect(screenText(ui).replace(/\s+/g, ' ')).toContain(`Last push: OK `);
    expect(screenText(ui).replace(/\s+/g, ' ')).toContain(`pushed ${pushed}`);
    await escape(ui);
    await waitForFrame(ui, (frame) => frame.includes('Backups off the box: 1 destination, last pushed '));

    await burst(ui, 'o', 'd');
    await waitForFrame(ui, (frame) => frame.includes('Remove the destination "offsite"?'));
    await press(ui, 'y');
    await waitForFrame(ui, (frame) => frame.includes('Removed destination offsite'));
    expect(listDestinations(services.store())).toEqual([]);
    expect(filesAt(path)).toEqual([pushed]); // what was pushed stays there
  });

  it('P pushes to the highlighted destination only, read when the key is read', async () => {
    const services = await machineWithDav();
    await generateRecipient(services.store());
    const [first, second] = [newPlace(), newPlace()];
    addDestination(services.store(), { name: 'a-first', kind: 'cloud', via: 'dav', path: first });
    addDestination(services.store(), { name: 'b-second', kind: 'cloud', via: 'dav', path: second });
    const ui = await openOffsite(services);
    await burst(ui, keys.down, 'P');
    await waitForFrame(ui, (frame) => frame.includes('Pushed the daily backup made just now to b-second'), 30_000);
    expect(filesAt(second)).toHaveLength(1);
    expect(filesAt(first)).toEqual([]);
    expect(listDestinations(services.store()).map((destination) => destination.lastPush?.ok ?? null)).toEqual([null, true]);
  });

  it('makes an identity by keys: shown once, in its panel only, and only its recipient is stored', async () => {
    const services = open();
    const ui = await openOffsite(services);
    await burst(ui, 'k', 'g');
    const shown = await waitForFrame(ui, (frame) => frame.includes('Your new age identity'), 10_000);
    const identity = /AGE-SECRET-KEY-1[0-9A-Z]+/.exec(shown)![0];
    const recipients = listRecipients(services.store());
    expect(recipients.map((row) => row.recipient)).toEqual([await identityToRecipient(identity)]);
    expect(shown).toContain(`# public key: ${recipients[0]!.recipient}`);
    expect(shown).toContain('Keep it off this machine');

    // Dismissing asks first; "no" keeps it on screen.
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Have you kept the identity?'));
    await press(ui, 'n');
    await waitForFrame(ui, (frame) => !frame.includes('Have you kept') && frame.includes(identity));
    await escape(ui);
    await waitForFrame(ui, (frame) => frame.includes('Have you kept the identity?'));
    await press(ui, 'y');
    await waitForFrame(ui, (frame) => frame.includes('Age recipients: every pushed backup'));
    expect(screenText(ui)).not.toContain('AGE-SECRET-KEY');
    expect(screenText(ui)).toContain(recipients[0]!.recipient);

    // Only while its panel was up, never on the status line or anywhere in the data dir.
    for (const frame of ui.frames.filter((text) => text.includes(identity))) expect(frame).toContain('Your new age identity');
    expect(dataDirText(services.paths.dir)).not.toContain('AGE-SECRET-KEY');
  });

  it('adds the recipient of an identity kept elsewhere by keys, and removes it by keys', async () => {
    const services = open();
    const recipient = await identityToRecipient(await generateX25519Identity());
    const ui = await openOffsite(services);
    await burst(ui, 'k', 'a');
    await waitForFrame(ui, (frame) => frame.includes('Add an age recipient'));
    await press(ui, paste(recipient), keys.tab);
    await type(ui, 'safe');
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes(`Added recipient ${recipient}`), 10_000);
    expect(listRecipients(services.store())).toEqual([expect.objectContaining({ recipient, label: 'safe' })]);

    await burst(ui, 'd');
    await waitForFrame(ui, (frame) => frame.includes('Remove age recipient'));
    await press(ui, 'y');
    await waitForFrame(ui, (frame) => frame.includes(`Removed recipient ${recipient}`));
    expect(listRecipients(services.store())).toEqual([]);
  });

  it('says plainly that nothing is pushed without a recipient, and sends nothing', async () => {
    const services = await machineWithDav();
    const path = newPlace();
    addDestination(services.store(), { name: 'offsite', kind: 'cloud', via: 'dav', path });
    const ui = await openOffsite(services);
    expect(screenText(ui)).toContain('No age recipient: nothing will be pushed');
    await press(ui, 'p');
    await waitForFrame(ui, (frame) => frame.includes('Nothing was pushed'), 10_000);
    expect(filesAt(path)).toEqual([]);
    expect(existsSync(join(davServer().root, path))).toBe(false);
    expect(listDestinations(services.store())[0]!.lastPush).toBeNull();
    await escape(ui);
    await waitForFrame(ui, (frame) => frame.includes('Backups off the box: 1 destination, no recipient: nothing is pushed'));
  });

  it('Esc cancels a push to a server that never answers: one line says so, rclone is gone, the last result is unchanged', async () => {
    const services = await machineWithDav(`http://${blackHole.host}:${blackHole.port}/`);
    await generateRecipient(services.store());
    addDestination(services.store(), { name: 'silent', kind: 'cloud', via: 'dav', path: 'nas' });
    const ui = await openOffsite(services);
    await press(ui, 'p');
    await waitForFrame(ui, (frame) => frame.includes('Pushing to silent: uploading') || frame.includes('Pushing to silent: connecting'), 10_000);
    expect(screenText(ui)).toMatch(/^Esc cancel\b/m);
    await escape(ui);
    await waitForFrame(ui, (frame) => frame.includes('Cancelled: the push to silent was stopped; its last result is unchanged.'), 10_000);
    expect(listDestinations(services.store())[0]!.lastPush).toBeNull();
    expect(childProcessNames()).not.toContain('rclone');
    expect(rcloneTempDirs()).toEqual([]);
    expect(screenText(ui)).not.toMatch(/FAILED/);
  });

  it('restores a pushed backup into a fresh data dir by keys with the pasted identity: the whole configuration comes back', async () => {
    const path = newPlace();
    const source = await machineWithDav();
    source.store().cloudCredentials.create('remote-ftp', 'FTP', { host: 'ftp.example.com', port: 21, user: 'nas', pass: 'ftp-secret-42' });
    source.store().poolKeys.import([{ dataset: 'tank/enc', key: 'cd'.repeat(32) }]);
    addDestination(source.store(), { name: 'offsite', kind: 'cloud', via: 'dav', path, keep: 4 });
    const { identityFile, identity, recipient } = await generateRecipient(source.store());
    const push = await pushNewestBackup(source.store(), source.paths);
    expect(push.pushes.map((outcome) => outcome.ok)).toEqual([true]);

    // A new machine: nasconsole, the credential for the destination, and the identity.
    const fresh = await machineWithDav();
    addDestination(fresh.store(), { name: 'offsite', kind: 'cloud', via: 'dav', path });
    const ui = await openOffsite(fresh);
    await press(ui, 'r');
    await waitForFrame(ui, (frame) => frame.includes('Backups on offsite'), 30_000);
    expect(screenText(ui)).toContain(push.pushes[0]!.file!);
    await burst(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Restore ') && frame.includes('Identity'));
    // No key at all, then a pasted text that is not an identity: refused before anything is fetched.
    await press(ui, keys.tab, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Paste the identity kept off this machine'));
    await press(ui, keys.backTab, paste('AGE-SECRET-KEY-1NOTAKEY\n'));
    await waitForFrame(ui, (frame) => frame.includes('Line 1 of the identity file is not an age identity'));
    await press(ui, keys.tab, keys.enter); // refused: back in the field with the error
    expect(screenText(ui)).not.toContain('Replace the current configuration');
    expect(screenText(ui)).toContain('> Identity');
    await press(ui, keys.ctrlU, paste(identityFile));
    await press(ui, keys.tab, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Replace the current configuration with'));
    await press(ui, 'y');
    await waitForFrame(ui, (frame) => frame.includes(`Restored ${push.pushes[0]!.file} from offsite`), 30_000);
    expect(screenText(ui)).toContain('Backups off the box: 1 destination(s), 1 recipient(s).');

    const store = fresh.store();
    expect(store.cloudCredentials.get('remote-ftp').attributes).toEqual({ host: 'ftp.example.com', port: 21, user: 'nas', pass: 'ftp-secret-42' });
    expect(store.poolKeys.list()).toEqual([{ dataset: 'tank/enc', key: 'cd'.repeat(32) }]);
    expect(listRecipients(store).map((row) => row.recipient)).toEqual([recipient.recipient]);
    expect(listDestinations(store)).toEqual([expect.objectContaining({ name: 'offsite', via: 'dav', path, keep: 4 })]);
    expect(readFileSync(join(fresh.paths.dir, 'pwenc_secret')).equals(readFileSync(join(source.paths.dir, 'pwenc_secret')))).toBe(true);
    expect(everything(ui)).not.toContain(identity);
    expect(everything(ui)).not.toContain('ftp-secret-42');
  });
  it('draws the off-box panels within 80x24 in ASCII', async () => {
    const services = await machineWithDav();
    addDestination(services.store(), { name: 'offsite', kind: 'cloud', via: 'dav', path: 'offsite/a-rather-long-directory-name/nas', keep: 14 });
    const ui = await openOffsite(services);
    const frames = [screenText(ui)];
    await press(ui, 'a');
    await waitForFrame(ui, (frame) => frame.includes('Add a backup destination'));
    frames.push(screenText(ui));
    await escape(ui);
    await press(ui, 'k');
    await waitForFrame(ui, (frame) => frame.includes('Age recipients'));
    frames.push(screenText(ui));
    for (const frame of frames) {
      const lines = frame.split('\n');
      expect(lines.length).toBeLessThanOrEqual(24);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
      expect(nonAscii(frame)).toEqual([]);
    }
    expect(frames.join('\n-----\n')).toMatchSnapshot();
  });
});
