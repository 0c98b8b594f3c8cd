// The console's spinner while the work it moved off its UI thread runs (src/engine/offThread,
// the call the General screen makes): a save with a passphrase (age's scrypt, VACUUM, fsync,
// read-back) and the upload of a configuration of 10,000 credentials (every record checked).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEngineJob, setEngineWorkerScript } from '../../src/engine/offThread/index.js';
import { fillInChild, fillWhenAsked } from './credentialStore.js';
import { reportSpinner, spinnerDuring } from './spinnerGaps.js';

const COUNT = 10_000;
fillWhenAsked();

// The worker is the shipped bundle's (npm run bench builds it first); this bench runs from .tmp/bench/.
const builtWorker = new URL('../../dist/engineWorker.js', import.meta.url);
if (!existsSync(builtWorker)) throw new Error('dist/engineWorker.js is missing: run npm run build first');
setEngineWorkerScript(builtWorker);

const root = mkdtempSync(join(tmpdir(), 'nasconsole-bench-responsive-'));
try {
  const dataDir = join(root, 'data');
  fillInChild(dataDir, COUNT);
  const count = COUNT.toLocaleString('en');

  const protectedSave = await spinnerDuring('Saving the configuration...', () =>
    runEngineJob('save', { dataDir, to: root, options: { secretSeed: true, poolKeys: true, passphrase: 'a passphrase for the bench' }, at: Date.now() }),
  );
  reportSpinner(`save with a passphrase, ${count} credentials (off the UI thread)`, protectedSave);

  const { path } = await runEngineJob('save', { dataDir, to: join(root, 'plain.tar'), options: { secretSeed: true, poolKeys: true }, at: Date.now() });
  const upload = await spinnerDuring('Checking and uploading the configuration...', () =>
    runEngineJob('upload', { dataDir: join(root, 'target'), path, options: { source: 'plain.tar' } }),
  );
  reportSpinner(`upload of ${count} credentials, each checked (off the UI thread)`, upload);
} finally {
  rmSync(root, { recursive: true, force: true });
}
