import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveConfiguration } from '../../src/engine/archive/save.js';
import { unpackTar } from '../../src/engine/archive/tar.js';
import { makeAppServices } from '../helpers/appServices.js';
import { archiveWithDatabaseChange } from '../helpers/archives.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { stripAnsi } from '../../testing/text.js';
import { keys, press, type, waitForFrame, type Ui } from '../widgets/ui.js';
import { burst, mountScreens, screenText, useScreenServices } from './mount.js';

const tempDir = useTempDirs();
const open = useScreenServices();

async function openGeneral(mountsText?: () => string) {
  const services = open(mountsText ? { mountsText } : {});
  const ui = await mountScreens(services);
  return { services, ui };
}

/** A saved configuration of another system holding one FTP credential. */
async function foreignArchive(secretSeed: boolean, passphrase?: string): Promise<string> {
  const other = makeAppServices(tempDir());
  other.store().cloudCredentials.create('remote-ftp', 'FTP', { host: 'ftp.example.com', port: 21, user: 'nas', pass: 'ftp-secret-99' });
  const saved = await saveConfiguration(other.store(), tempDir(), { secretSeed, poolKeys: false, ...(passphrase ? { passphrase } : {}) });
  other.close();
  return saved.path;
}

/** Upload from the home screen by keys: the file's path typed, nothing else; yes to the question. */
async function uploadByKeys(ui: Ui, archive: string): Promise<void> {
  await press(ui, 'l');
  await waitForFrame(ui, (f) => f.includes('File'));
  await type(ui, archive);
  await press(ui, keys.tab, keys.tab, keys.tab, keys.enter);
  await waitForFrame(ui, (f) => f.includes('Replace the current configuration'));
  await press(ui, 'y');
}

describe('General screen', () => {
  it('shows the actions, the stored counts and the keys', async () => {
    const { ui } = await openGeneral();
    const frame = await waitForFrame(ui, (f) => stripAnsi(f).includes('s save  u save to USB'));
    expect(frame).toContain('Save the configuration to a file');
    expect(frame).toContain('0 cloud credentials, 0 SSH keypairs, 0 SSH connections, 0 pool keys');
    expect(stripAnsi(frame)).toContain('s save  u save to USB  l upload  b backups');
    expect(frame.replace(/\/tmp\/\S+/g, '<tmp>').replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/g, '<time>')).toMatchSnapshot();
  });

  it('saves with the seed and pool keys by keys: the file holds what was chosen', async () => {
    const { services, ui } = await openGeneral();
    services.store().poolKeys.import([{ dataset: 'tank/enc', key: 'ef'.repeat(32) }]);
    const out = join(tempDir(), 'stick');
    mkdirSync(out);
    await press(ui, 's');
    await waitForFrame(ui, (f) => f.includes('Save to'));
    expect(ui.frame()).toContain('SSH keys are not stored in the configuration');
    await press(ui, keys.ctrlU);
    await type(ui, out);
    await press(ui, keys.tab, keys.space, keys.tab, keys.space, keys.tab, keys.tab, keys.tab, keys.enter);
    await waitForFrame(ui, (f) => f.includes('Saved '), 10_000);
    const [name] = readdirSync(out);
    expect(name).toMatch(/-nasconsole-.*\.tar$/);
    const members = await unpackTar(readFileSync(join(out, name!)));
    expect([...members.keys()].sort()).toEqual(['config.db', 'manifest.json', 'pool_keys.json', 'pwenc_secret']);
    expect(JSON.parse(members.get('pool_keys.json')!.toString())).toEqual({ 'tank/enc': 'ef'.repeat(32) });
  });

  it('saves to a mounted USB stick: the first time through the form, then with one key', async () => {
    const stick = tempDir('usb-stick-');
    const { services, ui } = await openGeneral(() => `/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 ${stick} vfat rw,nosuid 0 0\n`);
    await waitForFrame(ui, (f) => f.includes(`Save to the USB stick at ${stick}`));
    await press(ui, 'u');
    await waitForFrame(ui, (f) => f.includes('Save to') && f.includes(stick));
    await press(ui, keys.tab, keys.space, keys.tab, keys.tab, keys.tab, keys.tab, keys.enter); // with the seed
    await waitForFrame(ui, (f) => f.includes('Saved '), 10_000);
    expect(readdirSync(stick)).toHaveLength(1);
    expect(services.preferences.get('usbOptions')).toEqual({ secretSeed: true, poolKeys: false });
    await waitForFrame(ui, (f) => f.includes(`Save to ${stick} now: with seed, no pool keys`));

    await new Promise((resolve) => setTimeout(resolve, 1100)); // a new second, a new file name
    await press(ui, 'u');
    await waitForFrame(ui, (f) => readdirSync(stick).length === 2 && f.replace(/\s+/g, ' ').includes('(with the seed, without pool keys)'), 10_000);
    const newest = readdirSync(stick).sort().at(-1)!;
    const members = await unpackTar(readFileSync(join(stick, newest)));
    expect([...members.keys()].sort()).toEqual(['config.db', 'manifest.json', 'pwenc_secret']);
  });

  it('uploads a saved configuration by keys, after a confirm, and the store holds it', async () => {
    const archive = await foreignArchive(true);
    const { services, ui } = await openGeneral();
    await uploadByKeys(ui, archive);
    await waitForFrame(ui, (f) => f.includes('Now stored: 1 cloud credential'), 10_000);
    expect(services.store().cloudCredentials.get('remote-ftp').attributes).toEqual({ host: 'ftp.example.com', port: 21, user: 'nas', pass: 'ftp-secret-99' });
    expect(readdirSync(services.paths.backups).some((n) => n.startsWith('pre-upload-'))).toBe(true);
    expect(ui.allFrames()).not.toContain('ftp-secret-99');
  });

  it('refuses an archive without its seed, then keeps the records without secrets when asked', async () => {
    const archive = await foreignArchive(false);
    const { services, ui } = await openGeneral();
    await uploadByKeys(ui, archive);
    await waitForFrame(ui, (f) => f.includes('saved without its secret seed'), 10_000);
    expect(services.store().cloudCredentials.count()).toBe(0);
    // Back in the form, the path kept and the toggle that lets it go on focused: tick it, upload again.
    await waitForFrame(ui, (f) => f.includes('> Discard unreadable secrets'));
    expect(stripAnsi(ui.allFrames())).not.toMatch(/--[a-z]/);
    await press(ui, keys.space, keys.tab, keys.enter);
    await waitForFrame(ui, (f) => f.includes('Records whose secrets'));
    await press(ui, 'y');
    await waitForFrame(ui, (f) => f.includes('cloud credential remote-ftp'), 10_000);
    expect(services.store().cloudCredentials.get('remote-ftp').attributes).toEqual({ host: 'ftp.example.com', port: 21, user: 'nas' });
  });

  it('never shows a typed passphrase, and Esc on a changed form asks before discarding', async () => {
    const { ui } = await openGeneral();
    await press(ui, 's', keys.tab, keys.tab, keys.tab);
    await type(ui, 'hunter2-passphrase');
    await press(ui, keys.escape);
    await waitForFrame(ui, (f) => f.includes('Discard the changes'), 3000);
    await press(ui, 'n');
    expect(ui.frame()).toContain('Passphrase');
    await press(ui, keys.escape);
    await waitForFrame(ui, (f) => f.includes('Discard the changes'));
    await press(ui, 'y');
    await waitForFrame(ui, (f) => f.includes('Recent changes'));
    expect(ui.allFrames()).not.toContain('hunter2');
  });

  it('asks for the passphrase of a protected archive in its own field, naming no command-line flag', async () => {
    const archive = await foreignArchive(true, 'pass-Phrase-908');
    const { services, ui } = await openGeneral();
    await uploadByKeys(ui, archive);
    await waitForFrame(ui, (f) => f.includes('passphrase-protected'), 10_000);
    expect(services.store().cloudCredentials.count()).toBe(0);
    await waitForFrame(ui, (f) => f.includes('> Passphrase'));
    expect(stripAnsi(ui.allFrames())).not.toMatch(/--[a-z]/);
    await type(ui, 'pass-Phrase-908'); // straight into the focused field
    await press(ui, keys.tab, keys.tab, keys.enter);
    await waitForFrame(ui, (f) => f.includes('Replace the current configuration'));
    await press(ui, 'y');
    await waitForFrame(ui, (f) => f.includes('Now stored: 1 cloud credential'), 10_000);
    expect(services.store().cloudCredentials.get('remote-ftp').attributes).toMatchObject({ pass: 'ftp-secret-99' });
    expect(ui.allFrames()).not.toContain('pass-Phrase-908');
  });

  it('Cancel on the upload question goes back to the form as it was left', async () => {
    const { services, ui } = await openGeneral();
    await press(ui, 'l');
    await type(ui, '/tmp/some-saved.tar');
    await press(ui, keys.tab, keys.tab, keys.space, keys.tab, keys.enter);
    await waitForFrame(ui, (f) => f.includes('Replace the current configuration'));
    await press(ui, 'n');
    await waitForFrame(ui, (f) => /> \[ Upload \]/.test(stripAnsi(f)));
    expect(stripAnsi(ui.frame())).toMatch(/File\s+\/tmp\/some-saved\.tar/);
    expect(stripAnsi(ui.frame())).toMatch(/Discard unreadable secrets\s+\[x\]/);
    expect(services.store().cloudCredentials.count()).toBe(0);
  });
  it('offers to leave out records that break the rules: nothing changes until yes, then what was left out is listed', async () => {
    const good = readFileSync(await foreignArchive(true));
    const hostile = await archiveWithDatabaseChange(good, tempDir(), (db) => {
      const insert = db.prepare("INSERT INTO cloud_credentials (id, name, provider, attributes, public_attributes, created_at, updated_at) VALUES (?, ?, 'FTP', ?, '{}', 'x', 'x')");
      insert.run(101, 'garbage-attributes', 'not encrypted at all');
      insert.run(102, '', 'not encrypted either');
    });
    const archive = join(tempDir(), 'hostile.tar');
    writeFileSync(archive, hostile);
    const { services, ui } = await openGeneral();
    services.store().cloudCredentials.create('mine', 'FTP', { host: 'h.example.com', user: 'u', pass: 'p' });
    await uploadByKeys(ui, archive);
    const asked = await waitForFrame(ui, (f) => f.includes('Leave those records out?'), 10_000);
    expect(asked).toContain('2 record(s) in the configuration break the rules');
    expect(asked).toContain('garbage-attributes');
    expect(services.store().cloudCredentials.list().map((record) => record.name)).toEqual(['mine']);
    expect(stripAnsi(ui.allFrames())).not.toMatch(/--[a-z]/);

    await burst(ui, 'y');
    await waitForFrame(ui, (f) => f.includes('Left out (they break the rules):'), 10_000);
    expect(screenText(ui)).toMatch(/cloud credential garbage-attributes: /);
    expect(services.store().cloudCredentials.list().map((record) => record.name)).toEqual(['remote-ftp']);
  });

  it('asks before replacing a file that exists: No keeps it and the form, Replace writes the configuration', async () => {
    const { ui } = await openGeneral();
    const target = join(tempDir(), 'existing.tar');
    writeFileSync(target, 'an older file');
    await press(ui, 's');
    await waitForFrame(ui, (f) => f.includes('Save to'));
    await press(ui, keys.ctrlU);
    await type(ui, target);
    await burst(ui, keys.tab, keys.tab, keys.tab, keys.tab, keys.enter);
    await waitForFrame(ui, (f) => f.includes('Replace it?'), 10_000);
    expect(screenText(ui)).toContain('already exists');
    expect(readFileSync(target, 'utf8')).toBe('an older file');
    await press(ui, 'n');
    await waitForFrame(ui, (f) => !f.includes('Replace it?') && f.includes('[ Save ]'));
    expect(readFileSync(target, 'utf8')).toBe('an older file');

    await press(ui, keys.enter); // the form kept its values and its focus on Save
    await waitForFrame(ui, (f) => f.includes('Replace it?'), 10_000);
    await press(ui, 'y');
    await waitForFrame(ui, (f) => f.includes(`Saved ${target}`), 10_000);
    const members = await unpackTar(readFileSync(target));
    expect([...members.keys()].sort()).toEqual(['config.db', 'manifest.json']);
  });
});
