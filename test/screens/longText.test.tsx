import React from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { generateKeypairRecord } from '../../src/engine/keychain/keypairs.js';
import { HostKeyMismatchView } from '../../src/screens/sshConnections/ConnectionPanels.js';
import { createTheme } from '../../src/widgets/theme.js';
import { stripAnsi } from '../../testing/text.js';
import { keys, press, renderUi, waitForFrame, withWidgets } from '../widgets/ui.js';
import { mountScreens, paste, screenText, useScreenServices } from './mount.js';

// Text that does not fit is never lost: it wraps, and scrolls to its last line.

afterEach(cleanup);

const ascii = createTheme({ ascii: true, color: false });
const fingerprint = (index: number) => `SHA256:${String(index).padStart(2, '0')}${'x'.repeat(41)}`;

describe('the host-key warning at 80x24', () => {
  const host = `nas-${'very-long-name-'.repeat(5)}example.com`;
  const mismatch = {
    host,
    port: 2222,
    storedFingerprints: Array.from({ length: 12 }, (_, index) => fingerprint(index)),
    offered: { type: 'ssh-ed25519', key: 'AAAA', fingerprint: 'SHA256:OFFEREDkeyOFFEREDkeyOFFEREDkeyOFFEREDkey0123' },
  };

  test('wraps the long host name and scrolls down to the offered key, its last line', async () => {
    const answers: boolean[] = [];
    const ui = renderUi(withWidgets(
      <HostKeyMismatchView name="nas2" mismatch={mismatch} width={80} height={20} isActive onAnswer={(yes) => answers.push(yes)} />,
      ascii,
    ));
    const first = stripAnsi(ui.frame());
    expect(first.split('\n').length).toBeLessThanOrEqual(20);
    expect(first.replace(/\s+/g, '')).toContain(`WARNING:THEHOSTKEYOF${host}:2222(nas2)HASCHANGED`); // wrapped, whole
    expect(first).not.toContain('...');
    expect(first).not.toContain('OFFERED');
    expect(first).toContain('more below');
    await press(ui, keys.end);
    const last = stripAnsi(ui.frame());
    expect(last).toContain('Offered: SHA256:OFFEREDkeyOFFEREDkeyOFFEREDkeyOFFEREDkey0123 (ED25519)');
    expect(last).toContain(fingerprint(11));
    expect(last).toContain('Accept new key (y)'); // the question stays under it
    expect(answers).toEqual([]);
    await press(ui, keys.enter);
    expect(answers).toEqual([false]);
  });
});

describe('a long error on the status line', () => {
  const services = useScreenServices();

  test('is cut to three rows that say F1 shows it, and F1 shows it whole, wrapped', async () => {
    const ui = await mountScreens(services(), { screens: ['general'] });
    const missing = `/nonexistent/${'deep-directory-name/'.repeat(14)}config.tar`;
    await press(ui, 'l');
    await waitForFrame(ui, (frame) => frame.includes('File'));
    await press(ui, paste(missing), keys.tab, keys.tab, keys.tab, keys.enter, 'y');
    await waitForFrame(ui, (frame) => frame.includes('Error: '), 10_000);
    const frame = screenText(ui);
    expect(frame).toContain('(F1 shows all of it)');
    expect(frame.replace(/\s+/g, '')).not.toContain(missing);
    await press(ui, keys.f1);
    const help = screenText(ui);
    expect(help).toContain('Last message');
    const inBox = help.split('\n').map((line) => line.replace(/^\| ?| *\|$/g, '')).join('');
    expect(inBox.replace(/\s+/g, '')).toContain(missing);
  });
});

describe('a long name in its record\'s view', () => {
  const services = useScreenServices();

  test('is wrapped whole, where the list cuts it', async () => {
    const app = services();
    const name = `offsite-${'a-rather-long-keypair-name-'.repeat(3)}end`;
    await generateKeypairRecord(app.data.store, name);
    const ui = await mountScreens(app, { screens: ['ssh-keypairs'] });
    expect(screenText(ui)).not.toContain(name);
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('SSH keypair'));
    expect(screenText(ui).replace(/\s+/g, '')).toContain(`SSHkeypair${name}`);
  });
});
