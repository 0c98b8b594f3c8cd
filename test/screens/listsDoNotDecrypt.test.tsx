import { describe, expect, it } from 'vitest';
import { cloudCredentialDetails } from '../../src/engine/cloud/index.js';
import { keypairDetails } from '../../src/engine/keychain/keypairs.js';
import type { Store } from '../../src/engine/store/index.js';
import { realKeypair } from '../helpers/dataStores.js';
import { press, waitForFrame } from '../widgets/ui.js';
import { mountScreens, screenText, useScreenServices } from './mount.js';

const open = useScreenServices();

/** Replaces a record's encrypted attributes with a value that is well formed but does not decrypt. */
function damageSecrets(store: Store, table: 'cloud_credentials' | 'keychain_credentials', name: string): void {
  const garbage = `$nc1$${Buffer.alloc(64, 7).toString('base64')}`;
  expect(store.db.prepare(`UPDATE ${table} SET attributes = ? WHERE name = ?`).run(garbage, name).changes).toBe(1);
}

describe('lists read what they show, never the secrets', () => {
  it('lists credentials and keypairs whose stored secrets no longer decrypt (opening one reads them, and is refused)', async () => {
    const services = open();
    const store = services.store();
    store.cloudCredentials.create('alpha-ftp', 'FTP', { host: 'ftp.example.com', port: 21, user: 'nas', pass: 'ftp-secret-1' });
    store.cloudCredentials.create('broken-ftp', 'FTP', { host: 'ftp.example.com', port: 21, user: 'nas', pass: 'ftp-secret-2' });
    store.keychain.create('broken-key', 'SSH_KEY_PAIR', realKeypair());
    damageSecrets(store, 'cloud_credentials', 'broken-ftp');
    damageSecrets(store, 'keychain_credentials', 'broken-key');

    const ui = await mountScreens(services, { screens: ['cloud-credentials', 'ssh-keypairs'], ready: 'broken-ftp' });
    expect(screenText(ui)).toContain('alpha-ftp');
    expect(screenText(ui)).not.toContain('Error');

    await press(ui, '2');
    const keypairs = await waitForFrame(ui, (frame) => frame.includes('broken-key'));
    expect(keypairs).toMatch(/broken-key\s+ED25519/);
    expect(keypairs).not.toContain('Error');
    // What opening one reads: its secrets, which are damaged.
    expect(() => cloudCredentialDetails(store, 'broken-ftp')).toThrow('do not decrypt');
    expect(() => keypairDetails(store, 'broken-key')).toThrow('do not decrypt');
  });
});
