import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { openConsole, stopTerminals } from './console.js';
import { terminalProfiles } from './terminals.js';

const tempDir = useTempDirs();
afterEach(stopTerminals);

const FTP_INDEX = 4; // in the seed's provider order
const profile = terminalProfiles[1]!;

describe('a console left open while another shell uploads a configuration', () => {
  it('shows the uploaded configuration, and what it adds afterwards is in the live store, under the new seed', async () => {
    const source = join(tempDir(), 'source');
    await runCli(['--data-dir', source, 'cloud', 'add', 'from-the-archive', '--provider', 'FTP', '--attributes-file', '-'], { input: '{"host":"a.example.com","user":"u","pass":"archived"}' });
    const archive = (await runCli(['--data-dir', source, 'config', 'save', '--to', tempDir(), '--secret-seed', '--json'])).json().path as string;

    const dataDir = join(tempDir(), 'data');
    const terminal = await openConsole(profile, dataDir);
    await terminal.keys('2');
    await terminal.waitFor('a add');

    // Another shell, while the console is open.
    const upload = await runCli(['--data-dir', dataDir, 'config', 'upload', archive]);
    expect(upload.stderr).toBe('');
    await terminal.waitFor('from-the-archive'); // the console noticed and reloaded

    await terminal.keys('a');
    await terminal.waitFor('choose the provider');
    for (let i = 0; i < FTP_INDEX; i++) await terminal.keys('Down');
    await terminal.keys('Enter');
    await terminal.waitFor(/Add .*FTP/);
    await terminal.type('added-in-console');
    await terminal.keys('Tab');
    await terminal.type('127.0.0.1'); // nothing listens on its FTP port: verifying fails at once, on this machine
    await terminal.keys('Tab', 'Tab');
    await terminal.type('nas');
    await terminal.keys('Tab');
    await terminal.type('console-password');
    await terminal.keys('Enter');
    await terminal.waitFor('Save it anyway?', 60_000);
    await terminal.keys('y');
    await terminal.waitFor('Added added-in-console');
    await terminal.keys('q');
    await terminal.waitForExit();

    const list = (await runCli(['--data-dir', dataDir, 'cloud', 'list', '--json'])).json() as { name: string }[];
    expect(list.map((credential) => credential.name).sort()).toEqual(['added-in-console', 'from-the-archive']);
    const shown = (await runCli(['--data-dir', dataDir, 'cloud', 'show', 'added-in-console', '--reveal', '--json'])).json();
    expect(shown.attributes).toMatchObject({ host: '127.0.0.1', user: 'nas', pass: 'console-password' });
    expect((await runCli(['--data-dir', dataDir, 'config', 'repair', '--json'])).json()).toEqual({ dropped: false, damaged: [] });
  });
});
