import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateKeypairRecord } from '../../src/engine/keychain/keypairs.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { keys, press, type, waitForFrame } from '../widgets/ui.js';
import { mountScreens, screenText, useScreenServices } from './mount.js';

// Paths: the save and export forms start where the last one wrote; `u` without a stick says so.

const tempDir = useTempDirs();
const services = useScreenServices();
/** A mount table without any removable disk. */
const NO_STICK = () => '/dev/sda1 / ext4 rw 0 0\n';

describe('remembered directories', () => {
  test('the save form starts in the directory of the last save, not the working directory', async () => {
    const app = services({ mountsText: NO_STICK });
    const ui = await mountScreens(app, { screens: ['general'] });
    const dir = tempDir('saves-');
    await press(ui, 's');
    await waitForFrame(ui, (frame) => frame.includes('Save to'));
    expect(screenText(ui)).not.toContain(`Save to     ${process.cwd()}`);
    await press(ui, keys.ctrlU);
    await type(ui, dir);
    await press(ui, keys.tab, keys.tab, keys.tab, keys.tab, keys.tab, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Saved '), 10_000);
    expect(readdirSync(dir)).toHaveLength(1);
    expect(app.preferences.get('lastSaveDir')).toBe(dir);

    await press(ui, 's');
    await waitForFrame(ui, (frame) => frame.includes('Save to'));
    expect(screenText(ui)).toMatch(new RegExp(`Save to\\s+${dir}\\s`));
  });

  test('a keypair export starts in the directory of the last export', async () => {
    const app = services();
    await generateKeypairRecord(app.data.store, 'k');
    const dir = tempDir('keys-');
    const ui = await mountScreens(app, { screens: ['ssh-keypairs'] });
    await press(ui, 'x', keys.tab);
    await type(ui, join(dir, 'first.pub'));
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes(`Wrote ${join(dir, 'first.pub')}`));

    await press(ui, 'x', keys.tab, keys.enter); // the path left empty: the one shown
    await waitForFrame(ui, (frame) => frame.includes(`Wrote ${join(dir, 'k.pub')}`));
    expect(existsSync(join(dir, 'k.pub'))).toBe(true);
  });
});

describe('u without a USB stick', () => {
  test('says that no stick is mounted, in one line, and opens no form', async () => {
    const app = services({ mountsText: NO_STICK });
    const ui = await mountScreens(app, { screens: ['general'] });
    await press(ui, 'u');
    await waitForFrame(ui, (frame) => frame.includes('No USB stick is mounted'));
    expect(screenText(ui)).not.toContain('Save to    ');
    expect(screenText(ui)).toContain('Save the configuration to a file'); // still the home screen
    await press(ui, 'U');
    expect(screenText(ui)).toContain('No USB stick is mounted');
    expect(screenText(ui)).not.toContain('Passphrase');
  });
});
