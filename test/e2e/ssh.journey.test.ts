import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useSshd } from '../helpers/sshd.js';
import { runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { openConsole, stopTerminals } from './console.js';
import { nonAscii } from '../../testing/text.js';
import { terminalProfiles } from './terminals.js';

const tempDir = useTempDirs();
const sshd = useSshd({ user: 'nasctest-e2e' });
afterEach(stopTerminals);

describe.each(terminalProfiles)('SSH journeys over a real pty: $name', (profile) => {
  it('SSH Keypairs: generates an Ed25519 key, views its fingerprint, shows the public key line', async () => {
    const dataDir = join(tempDir(), 'data');
    const terminal = await openConsole(profile, dataDir);
    await terminal.keys('4');
    await terminal.waitFor('a add');
    await terminal.keys('a');
    await terminal.waitFor('Key type'); // a person sees the form before typing into it
    await terminal.type('journey-key');
    await terminal.keys('Enter', 'Enter', 'Enter'); // name, method Generate, type Ed25519
    await terminal.type('e2e');
    await terminal.keys('Enter');
    const view = await terminal.waitFor('Generated keypair journey-key');
    const shown = (await runCli(['--data-dir', dataDir, 'keypair', 'show', 'journey-key', '--json'])).json();
    expect(view).toContain(shown.fingerprint);
    await terminal.keys('c');
    await terminal.waitFor('ssh-ed25519 ');
    const publicLine = (await runCli(['--data-dir', dataDir, 'keypair', 'public', 'journey-key'])).stdout.trim();
    const screen = await terminal.waitFor('ssh-ed25519 ');
    // The line may wrap at the screen's edge: compare without white space.
    expect(screen.replace(/\s+/g, '')).toContain(publicLine.replace(/\s+/g, ''));
    await terminal.keys('Escape');
    await terminal.keys('Escape');
    await terminal.keys('q');
    await terminal.waitForExit();

    const list = (await runCli(['--data-dir', dataDir, 'keypair', 'list', '--json'])).json();
    expect(list.map((keypair: { name: string }) => keypair.name)).toEqual(['journey-key']);
    const exported = join(tempDir(), 'key');
    await runCli(['--data-dir', dataDir, 'keypair', 'export', 'journey-key', '--to', exported]);
    const privateBody = (await import('node:fs')).readFileSync(exported, 'utf8').split('\n').slice(1, -2).join('');
    const screens = terminal.screens.join('\n');
    // The OpenSSH private key file embeds the public key: only runs that are not public count.
    for (let at = 0; at + 24 <= privateBody.length; at += 24) {
      const run = privateBody.slice(at, at + 24);
      if (!publicLine.includes(run)) expect(screens).not.toContain(run);
    }
    if (profile.asciiOnly) expect(nonAscii(screens)).toEqual([]);
  });

  it('SSH Connections: semi-automatic setup against a real sshd, then a connection test', async () => {
    await sshd.resetHome();
    const dataDir = join(tempDir(), 'data');
    const terminal = await openConsole(profile, dataDir);
    await terminal.keys('3');
    await terminal.waitFor('a add');
    await terminal.keys('a');
    await terminal.waitFor('Setup Method');
    await terminal.type('backup-nas');
    await terminal.keys('Tab', 'Right', 'Tab'); // Setup Method: Semi-automatic (any SSH server)
    await terminal.type(sshd.host);
    await terminal.keys('Tab', 'C-u');
    await terminal.type(String(sshd.port));
    await terminal.keys('Tab', 'C-u');
    await terminal.type(sshd.user);
    await terminal.keys('Tab');
    await terminal.type(sshd.password);
    await terminal.keys('Tab', 'Tab', 'Tab', 'Tab', 'Enter'); // OTP, username, key: generate new, timeout
    await terminal.waitFor('Host keys offered by', 30_000); // confirmed before the password leaves
    await terminal.keys('y');
    await terminal.waitFor('Added backup-nas', 30_000);
    await terminal.keys('v');
    await terminal.waitFor('backup-nas: OK', 30_000);
    await terminal.keys('q');
    await terminal.waitForExit();

    const test = await runCli(['--data-dir', dataDir, 'connection', 'test', 'backup-nas', '--json']);
    expect(test.code).toBe(0);
    const list = (await runCli(['--data-dir', dataDir, 'connection', 'list', '--json'])).json();
    expect(list).toMatchObject([{ name: 'backup-nas', host: sshd.host, username: sshd.user }]);
    const screens = terminal.screens.join('\n');
    expect(screens).not.toContain(sshd.password);
    if (profile.asciiOnly) expect(nonAscii(screens)).toEqual([]);
  });
});
