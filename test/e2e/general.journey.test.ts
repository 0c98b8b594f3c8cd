import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { nonAscii } from '../../testing/text.js';
import { terminalProfiles } from './terminals.js';
import { openConsole, stopTerminals } from './console.js';

const tempDir = useTempDirs();
afterEach(stopTerminals);

describe.each(terminalProfiles)('journeys over a real pty: $name', (profile) => {
  it('General: saves the configuration with the seed to a path, then uploads it into a fresh data dir', async () => {
    const passphrase = 'journey-passphrase-7f3k';
    const source = join(tempDir(), 'source');
    const keysFile = join(tempDir(), 'keys.json');
    writeFileSync(keysFile, JSON.stringify({ 'tank/e2e': '0a'.repeat(32) }));
    expect((await runCli(['--data-dir', source, 'pool-keys', 'import', keysFile])).code).toBe(0);
    const out = tempDir();

    const saving = await openConsole(profile, source);
    await saving.keys('s');
    await saving.waitFor('Save to');
    await saving.keys('C-u');
    await saving.type(out);
    await saving.keys('Tab', 'Space', 'Tab', 'Space', 'Tab');
    await saving.type(passphrase);
    await saving.keys('Tab');
    await saving.type(passphrase);
    await saving.keys('Tab', 'Enter');
    const saved = await saving.waitFor(/Saved \S+\.tar\.age/);
    const archive = /Saved (\S+\.tar\.age)/.exec(saved)![1]!;
    await saving.keys('q');
    await saving.waitForExit();

    const target = join(tempDir(), 'target');
    const uploading = await openConsole(profile, target);
    await uploading.keys('l');
    await uploading.waitFor('Discard unreadable secrets'); // a person sees the form before typing
    await uploading.type(archive);
    await uploading.keys('Tab');
    await uploading.type(passphrase);
    await uploading.keys('Tab', 'Tab', 'Enter');
    await uploading.waitFor('Upload configuration');
    await uploading.keys('y');
    await uploading.waitFor('Now stored');
    await uploading.keys('Escape');
    await uploading.waitFor('Recent changes');
    await uploading.keys('q');
    await uploading.waitForExit();

    const keys = await runCli(['--data-dir', target, 'pool-keys', 'list', '--reveal', '--json']);
    expect(keys.json()).toEqual([{ dataset: 'tank/e2e', key: '0a'.repeat(32) }]);
    expect(readFileSync(join(target, 'pwenc_secret')).equals(readFileSync(join(source, 'pwenc_secret')))).toBe(true);
    const audit = (await runCli(['--data-dir', target, 'audit', '--json'])).json();
    expect(audit.some((entry: { action: string }) => entry.action === 'upload')).toBe(true);

    const screens = [...saving.screens, ...uploading.screens].join('\n');
    expect(screens).not.toContain(passphrase);
    expect(screens).not.toContain('0a'.repeat(32));
    if (profile.asciiOnly) expect(nonAscii(screens)).toEqual([]);
  });

  it('help overlay lists the keys, and Esc on a changed form asks before discarding', async () => {
    const terminal = await openConsole(profile, join(tempDir(), 'data'));
    await terminal.keys('?');
    const help = await terminal.waitFor('Keys of General');
    expect(help).toContain('save to USB');
    expect(help).toContain('switch screen');
    await terminal.keys('Escape');
    await terminal.waitFor('Recent changes');
    await terminal.keys('s');
    await terminal.waitFor('Save to');
    await terminal.keys('Tab', 'Tab', 'Tab');
    await terminal.type('typed-secret-xyz');
    // An arrow key split by a slow line must not discard anything: the form is still there.
    await terminal.keys('Escape');
    await terminal.waitFor('Discard the changes');
    await terminal.keys('n');
    await terminal.waitForGone('Discard the changes'); // the form is visible behind the dialog too
    await terminal.keys('q'); // q is text in a field, not quit
    await terminal.keys('Escape');
    await terminal.waitFor('Discard the changes');
    await terminal.keys('y');
    await terminal.waitFor('Recent changes');
    await terminal.keys('q');
    await terminal.waitForExit();
    const screens = terminal.screens.join('\n');
    expect(screens).not.toContain('typed-secret');
    if (profile.asciiOnly) expect(nonAscii(screens)).toEqual([]);
  });
});
