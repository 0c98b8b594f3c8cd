import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appSecretPolicy } from '../../src/cli/context.js';
import { addCloudCredential } from '../../src/engine/cloud/index.js';
import { openDataStore } from '../../src/engine/dataStore.js';
import { CLI_PATH } from '../helpers/cli.js';
import { childMatching, ended } from '../helpers/leftBehind.js';
import { blackHoleWebdav, useBlackHole } from '../helpers/servers.js';
import { useTempDirs } from '../helpers/tempDir.js';

// A scripted verify ended from outside (SIGTERM from cron's timeout, a service manager; no
// terminal whose hang-up would reach rclone too): the process's exit kills its rclone child and
// removes the temporary config.

const tempDir = useTempDirs();
const blackHole = useBlackHole();

describe('a scripted command ended by a signal', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s during `cloud verify` of a server that never answers ends its rclone and leaves no temporary config', async (signal) => {
    const dataDir = join(tempDir(), 'data');
    const data = openDataStore(dataDir, appSecretPolicy);
    await addCloudCredential(data.store, { name: 'silent', provider: 'WEBDAV', attributes: blackHoleWebdav(blackHole) });
    data.store.close();

    const cli = spawn(process.execPath, [CLI_PATH, '--data-dir', dataDir, 'cloud', 'verify', 'silent'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    const rclone = await childMatching(cli.pid!, (argv) => argv.includes('lsjson'));
    cli.kill(signal);
    expect(await exited).toBe(signal === 'SIGTERM' ? 143 : 130);
    expect(await ended(rclone)).toBe(true);
    expect(readdirSync(tmpdir()).filter((name) => name.includes(`-${cli.pid}-`))).toEqual([]);
  });
});
