import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliOk } from '../helpers/cli.js';
import { useWebdavServer } from '../helpers/servers.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { nonAscii } from '../../testing/text.js';
import { terminalProfiles } from './terminals.js';
import { openConsole, stopTerminals } from './console.js';

// Backups off the box, end to end in the built console over a real pty: make an identity,
// add a destination (a WebDAV credential through real rclone), push; then restore onto a
// fresh data dir with the identity pasted; the CLI checks what each data dir holds.

const tempDir = useTempDirs();
afterEach(stopTerminals);
const DAV_USER = 'journey';
const DAV_PASSWORD = 'journey-dav-Pass-3';
const FTP_PASSWORD = 'journey-ftp-secret-8q';
const dav = useWebdavServer(DAV_USER, DAV_PASSWORD);

/** A data dir holding the WebDAV credential "dav", stored by the CLI. */
async function dataDirWithDav(name: string): Promise<string> {
  const dir = join(tempDir(), name);
  const attributes = join(tempDir(), 'dav.json');
  writeFileSync(attributes, JSON.stringify({ url: dav().url, vendor: 'OTHER', user: DAV_USER, pass: DAV_PASSWORD }));
  await cliOk(dir, ['cloud', 'add', 'dav', '--provider', 'WEBDAV', '--attributes-file', attributes]);
  return dir;
}

describe.each(terminalProfiles)('off-box journey over a real pty: $name', (profile) => {
  it('makes an identity, adds a destination, pushes, then restores onto a fresh data dir with the identity', async () => {
    const path = `journey-${profile.columns}x${profile.rows}/nas`;
    const source = await dataDirWithDav('source');
    const ftp = join(tempDir(), 'ftp.json');
    writeFileSync(ftp, JSON.stringify({ host: 'ftp.example.com', port: 21, user: 'nas', pass: FTP_PASSWORD }));
    await cliOk(source, ['cloud', 'add', 'remote-ftp', '--provider', 'FTP', '--attributes-file', ftp]);

    const pushing = await openConsole(profile, source);
    await pushing.keys('o');
    await pushing.waitFor('each daily backup is also pushed');
    await pushing.keys('k');
    await pushing.waitFor('Age recipients');
    await pushing.keys('g');
    const shown = await pushing.waitFor('Your new age identity');
    const identity = /AGE-SECRET-KEY-1[0-9A-Z]+/.exec(shown)![0];
    await pushing.keys('Enter');
    await pushing.waitFor('Have you kept the identity?');
    await pushing.keys('y');
    await pushing.waitForGone('Your new age identity');
    await pushing.keys('Escape');
    await pushing.waitFor('No destination yet');
    await pushing.keys('a');
    await pushing.waitFor('Add a backup destination');
    await pushing.type('offsite');
    await pushing.keys('Tab', 'Tab');
    await pushing.type(path);
    await pushing.keys('Tab', 'Enter');
    await pushing.waitFor('Added destination offsite');
    await pushing.keys('p');
    await pushing.waitFor('Pushed the daily backup made ', 60_000);
    await pushing.keys('q');
    await pushing.waitForExit();

    const [destination] = await cliOk(source, ['backup', 'destination', 'list']);
    expect(destination).toMatchObject({ name: 'offsite', via: 'dav', path, lastPush: { ok: true } });
    expect(await cliOk(source, ['backup', 'recipient', 'list'])).toHaveLength(1);

    // A new machine: nasconsole, the credential for the destination, and the identity.
    const target = await dataDirWithDav('target');
    await cliOk(target, ['backup', 'destination', 'add', 'offsite', '--cloud', 'dav', '--path', path]);
    const restoring = await openConsole(profile, target);
    await restoring.keys('o');
    await restoring.waitFor('each daily backup is also pushed');
    await restoring.keys('r');
    await restoring.waitFor(destination.lastPush.file, 60_000);
    await restoring.keys('Enter');
    await restoring.waitFor('Identity');
    await restoring.paste(`# the identity kept on paper\n${identity}\n`);
    await restoring.waitFor('[hidden:');
    await restoring.keys('Tab', 'Enter');
    await restoring.waitFor('Replace the current configuration');
    await restoring.keys('y');
    await restoring.waitFor(`Restored ${destination.lastPush.file}`, 60_000);
    await restoring.keys('Escape');
    await restoring.waitFor('Recent changes');
    await restoring.keys('q');
    await restoring.waitForExit();

    // What was pushed is the day's backup, made when the source's console started (before the
    // identity and the destination): its credentials, secrets readable with its seed.
    const names = (await cliOk(target, ['cloud', 'list'])).map((record: { name: string }) => record.name).sort();
    expect(names).toEqual(['dav', 'remote-ftp']);
    expect((await cliOk(target, ['cloud', 'show', 'remote-ftp', '--reveal'])).attributes.pass).toBe(FTP_PASSWORD);
    expect(readFileSync(join(target, 'pwenc_secret')).equals(readFileSync(join(source, 'pwenc_secret')))).toBe(true);
    const audit = await cliOk(target, ['audit']);
    expect(audit.some((entry: { action: string; detail: string | null }) => entry.action === 'upload' && entry.detail?.includes(`${destination.lastPush.file} from offsite`))).toBe(true);

    // The identity was on screen only in its own panel; no secret ever was.
    for (const screen of pushing.screens.filter((text) => text.includes(identity))) expect(screen).toContain('Your new age identity');
    expect(restoring.screens.join('\n')).not.toContain(identity);
    const screens = [...pushing.screens, ...restoring.screens].join('\n');
    expect(screens).not.toContain(FTP_PASSWORD);
    expect(screens).not.toContain(DAV_PASSWORD);
    if (profile.asciiOnly) expect(nonAscii(screens)).toEqual([]);
  });
});
