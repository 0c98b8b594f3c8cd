import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useSshd } from '../helpers/sshd.js';
import { runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { openConsole, stopTerminals } from './console.js';
import { nonAscii } from '../../testing/text.js';
import { terminalProfiles } from './terminals.js';

const tempDir = useTempDirs();
const sshd = useSshd({ user: 'nasctest-e2ecloud' });
afterEach(stopTerminals);

const SFTP_INDEX = 15; // in the seed's provider order

describe.each(terminalProfiles)('Cloud Credentials journey over a real pty: $name', (profile) => {
  it('adds an SFTP credential, verifies it against a real sshd, edits it, deletes it', async () => {
    const dataDir = join(tempDir(), 'data');
    const terminal = await openConsole(profile, dataDir);
    await terminal.keys('2');
    await terminal.waitFor('a add');
    await terminal.keys('a');
    await terminal.waitFor('choose the provider');
    for (let i = 0; i < SFTP_INDEX; i++) await terminal.keys('Down');
    await terminal.keys('Enter');
    await terminal.waitFor(/Add .*SFTP/);
    await terminal.type('offsite-sftp');
    await terminal.keys('Tab');
    await terminal.type(sshd.host);
    await terminal.keys('Tab', 'C-u');
    await terminal.type(String(sshd.port));
    await terminal.keys('Tab');
    await terminal.type(sshd.user);
    await terminal.keys('Tab');
    await terminal.type(sshd.password);
    await terminal.keys('Tab', 'Enter'); // Private Key ID left as none: password login
    await terminal.waitFor('Added offsite-sftp');
    expect((await runCli(['--data-dir', dataDir, 'cloud', 'show', 'offsite-sftp', '--reveal', '--json'])).json().attributes).toMatchObject({
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      pass: sshd.password,
    });

    await terminal.keys('v');
    await terminal.waitFor('offsite-sftp: valid', 60_000);
    expect((await runCli(['--data-dir', dataDir, 'cloud', 'list', '--json'])).json()[0].lastCheck).toMatchObject({ ok: true });

    await terminal.keys('e');
    await terminal.waitFor('Edit offsite-sftp');
    await terminal.keys('C-u');
    await terminal.type('offsite-renamed');
    await terminal.keys('Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Enter'); // password left "unchanged"; the last field submits
    await terminal.waitFor('Saved offsite-renamed');
    const edited = (await runCli(['--data-dir', dataDir, 'cloud', 'show', 'offsite-renamed', '--reveal', '--json'])).json();
    expect(edited.attributes.pass).toBe(sshd.password);

    await terminal.keys('d');
    await terminal.waitFor('Delete cloud credential');
    await terminal.keys('y');
    await terminal.waitFor('Deleted offsite-renamed');
    await terminal.keys('q');
    await terminal.waitForExit();
    expect((await runCli(['--data-dir', dataDir, 'cloud', 'list', '--json'])).json()).toEqual([]);

    const screens = terminal.screens.join('\n');
    expect(screens).not.toContain(sshd.password);
    if (profile.asciiOnly) expect(nonAscii(screens)).toEqual([]);
  });
});
