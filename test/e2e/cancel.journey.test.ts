import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appSecretPolicy } from '../../src/cli/context.js';
import { addCloudCredential } from '../../src/engine/cloud/index.js';
import { openDataStore } from '../../src/engine/dataStore.js';
import { childMatching, childProcessNames, ended } from '../helpers/leftBehind.js';
import { blackHoleWebdav, useBlackHole } from '../helpers/servers.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { openConsole, stopTerminals } from './console.js';
import { terminalProfiles } from './terminals.js';

// Esc over a real pty: a verify against a WebDAV URL that accepts and never answers would run
// until rclone's timeout; Esc stops it within a second, the screen says so, and no rclone is
// left.

const tempDir = useTempDirs();
const blackHole = useBlackHole();
afterEach(stopTerminals);

const serial = terminalProfiles[0]!;

describe(`Esc cancels a verify over a real pty: ${serial.name}`, () => {
  it('Esc stops a verify of a server that never answers: "cancelled" on screen, no rclone left, nothing recorded', async () => {
    const dataDir = join(tempDir(), 'data');
    const data = openDataStore(dataDir, appSecretPolicy);
    await addCloudCredential(data.store, { name: 'silent', provider: 'WEBDAV', attributes: blackHoleWebdav(blackHole) });
    data.store.close();

    const terminal = await openConsole(serial, dataDir);
    const consolePid = await terminal.pid();
    await terminal.keys('2');
    await terminal.waitFor('silent');
    await terminal.keys('v');
    await terminal.waitFor('Verifying silent... (Esc cancels)');
    const rclone = await childMatching(consolePid, (argv) => argv.includes('lsjson'));
    expect(await terminal.waitFor(/^Esc cancel\b/m)).toContain('Esc cancel');
    await terminal.keys('Escape');
    await terminal.waitFor('Verification cancelled.', 5_000);
    expect(await ended(rclone)).toBe(true);
    expect(childProcessNames(consolePid)).not.toContain('rclone');
    const after = openDataStore(dataDir, appSecretPolicy);
    expect(after.store.cloudCredentials.get('silent').lastCheck).toBeNull();
    after.store.close();
  });
});
