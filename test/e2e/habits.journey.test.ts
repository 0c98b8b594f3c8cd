import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appSecretPolicy } from '../../src/engine/appSecretPolicy.js';
import { openDataStore } from '../../src/engine/dataStore.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { terminalProfiles } from './terminals.js';
import { openConsole, stopTerminals } from './console.js';

// The habits of terminal tools over a real pty: tmux sends the F-keys as its terminal does.

const tempDir = useTempDirs();
afterEach(stopTerminals);

/** Two credentials of each of three providers, written straight into the store. */
function seededDataDir(): string {
  const dir = join(tempDir(), 'data');
  const data = openDataStore(dir, appSecretPolicy);
  for (const n of ['00', '01']) {
    data.store.cloudCredentials.create(`alpha-ftp-${n}`, 'FTP', { host: 'ftp.example.com', user: 'u', pass: `p-${n}` });
    data.store.cloudCredentials.create(`beta-http-${n}`, 'HTTP', { url: 'https://example.com/' });
    data.store.cloudCredentials.create(`gamma-${n}`, 'S3', { access_key_id: `AKIA${n}`, secret_access_key: `secret-${n}` });
  }
  data.store.close();
  return dir;
}

describe.each(terminalProfiles)('habits over a real pty: $name', (profile) => {
  it('F3 opens Cloud Credentials, / filters it, d deletes the row shown; F1 toggles the help', async () => {
    const dir = seededDataDir();
    const terminal = await openConsole(profile, dir);
    await terminal.keys('F3');
    await terminal.waitFor('Last verify');
    await terminal.keys('/');
    await terminal.type('gam');
    await terminal.waitFor(/\/gam\s+2 of 6/);
    await terminal.keys('Enter', 'Down', 'd');
    await terminal.waitFor('Delete "gamma-01"');
    await terminal.keys('y');
    await terminal.waitFor('Deleted gamma-01.');
    await terminal.keys('Escape');
    await terminal.waitFor('alpha-ftp-00');

    await terminal.keys('F1');
    await terminal.waitFor('Keys of Cloud Credentials');
    await terminal.keys('F1');
    await terminal.waitForGone('Keys of Cloud Credentials');
    await terminal.keys('q');
    await terminal.waitForExit();

    const data = openDataStore(dir, appSecretPolicy);
    expect(data.store.cloudCredentials.list().map((credential) => credential.name).sort())
      .toEqual(['alpha-ftp-00', 'alpha-ftp-01', 'beta-http-00', 'beta-http-01', 'gamma-00']);
    data.store.close();
  });

  it('in a form: s s picks SFTP, F1 opens help without typing, F2 and F3 switch away and back with the typing kept', async () => {
    const terminal = await openConsole(profile, seededDataDir());
    await terminal.keys('F3');
    await terminal.waitFor('Last verify');
    await terminal.keys('a');
    await terminal.waitFor('choose the provider');
    await terminal.keys('s', 's', 'Enter');
    await terminal.waitFor(/Add .*SFTP/);
    await terminal.type('typed-name');
    await terminal.keys('F1');
    await terminal.waitFor('Keys of Cloud Credentials');
    await terminal.keys('Escape');
    await terminal.waitFor(/Name\s+typed-name/);
    expect((await terminal.capture())).not.toMatch(/typed-name\S/);
    await terminal.waitFor(/F1 help\s+F2-F5 screens/);
    await terminal.keys('F2');
    await terminal.waitFor('Recent changes');
    await terminal.keys('F3');
    await terminal.waitFor(/Name\s+typed-name/);
  });
});
