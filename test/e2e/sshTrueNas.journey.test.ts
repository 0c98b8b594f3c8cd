import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nonAscii } from '../../testing/text.js';
import { runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { useSshd } from '../helpers/sshd.js';
import { useTrueNasApis } from '../harness/trueNasApi.js';
import { openConsole, stopTerminals } from './console.js';
import { terminalProfiles } from './terminals.js';

// A person adds an SSH connection through a remote TrueNAS's web API in the built console, in a
// real pty: the test TrueNAS (https with a self-signed certificate) installs the key for a real
// user of a real sshd. The CLI then says what the store holds.

const USER = 'nasctest-tnjourney';
const tempDir = useTempDirs();
const sshd = useSshd({ user: USER, freshHomeEachTest: true });
const trueNas = useTrueNasApis(() => ({ sshd }));

afterEach(stopTerminals);

describe.each(terminalProfiles)('TrueNAS journey over a real pty: $name', (profile) => {
  it('SSH Connections: Semi-automatic (TrueNAS) with its certificate confirmed, then a connection test', async () => {
    const server = await trueNas();
    const dataDir = join(tempDir(), 'data');
    const terminal = await openConsole(profile, dataDir);
    await terminal.keys('3');
    await terminal.waitFor('a add');
    await terminal.keys('a');
    await terminal.waitFor('Semi-automatic (TrueNAS)'); // the default setup method
    await terminal.type('truenas-nas');
    await terminal.keys('Tab', 'Tab');
    await terminal.type(server.url);
    await terminal.keys('Tab', 'C-u');
    await terminal.type(server.adminUsername);
    await terminal.keys('Tab');
    await terminal.type(server.adminPassword);
    await terminal.keys('Tab', 'Tab');
    await terminal.type(USER);
    await terminal.keys('Tab', 'Tab', 'Tab', 'Enter'); // sudo off, key: Generate New, timeout: set up
    const question = await terminal.waitFor('Trust this certificate?', 30_000);
    expect(question).toContain('self-signed certificate');
    expect(server.calls).toEqual([]);
    await terminal.keys('y');
    await terminal.waitFor('Added truenas-nas', 30_000);
    await terminal.keys('v');
    await terminal.waitFor('truenas-nas: OK', 30_000);
    await terminal.keys('q');
    await terminal.waitForExit();

    const list = (await runCli(['--data-dir', dataDir, 'connection', 'list', '--json'])).json();
    expect(list).toMatchObject([{ name: 'truenas-nas', host: '127.0.0.1', port: sshd.port, username: USER, keypairName: 'truenas-nas-key' }]);
    const knownHosts = (await runCli(['--data-dir', dataDir, 'connection', 'known-hosts', 'truenas-nas'])).stdout.trim().split('\n');
    expect(knownHosts.map((line) => line.split(' ').slice(1).join(' ')).sort()).toEqual([...sshd.hostKeyLines].sort());
    expect(server.calls.map((call) => call.method)).toEqual(['auth.login_ex', 'keychaincredential.ssh_pair', 'user.query', 'user.update']);
    const screens = terminal.screens.join('\n');
    expect(screens).not.toContain(server.adminPassword);
    if (profile.asciiOnly) expect(nonAscii(screens)).toEqual([]);
  });
});
