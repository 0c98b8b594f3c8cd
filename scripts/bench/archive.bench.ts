// Save and upload of a store holding 10,000 cloud credentials, and decrypting all their secrets.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveConfiguration } from '../../src/engine/archive/save.js';
import { uploadConfiguration } from '../../src/engine/archive/upload.js';
import { openDataStore } from '../../src/engine/dataStore.js';
import { appSecretPolicy } from '../../src/cli/context.js';
import { ms, percentile, report, timeRuns } from './figures.js';

const root = mkdtempSync(join(tmpdir(), 'nasconsole-bench-'));
try {
  const source = openDataStore(join(root, 'source'));
  const insert = source.store.db.transaction(() => {
    for (let i = 0; i < 10_000; i++) {
      source.store.cloudCredentials.create(`credential-${String(i).padStart(5, '0')}`, 'S3', {
        access_key_id: `AKIA${String(i).padStart(12, '0')}`,
        secret_access_key: `secret/${i}+abcdefghijklmnopqrstuvwxyz0123`,
        endpoint: 'https://s3.example.com',
        max_upload_parts: 10000,
      });
    }
  });
  insert();

  const saves = await timeRuns(7, () => saveConfiguration(source.store, join(root, 'saved.tar'), { secretSeed: true, poolKeys: true, replace: true }));
  report('config save, 10,000 cloud credentials (median)', ms(percentile(saves, 50)), '< 150 ms');

  const bytes = readFileSync(join(root, 'saved.tar'));
  const target = openDataStore(join(root, 'target'), appSecretPolicy);
  const uploads = await timeRuns(7, () => uploadConfiguration(target.store, target.paths, bytes, { policy: appSecretPolicy }));
  report('config upload, 10,000 cloud credentials (median)', ms(percentile(uploads, 50)), '< 150 ms');

  const decrypts = await timeRuns(7, () => source.store.cloudCredentials.decryptAll());
  report('decrypt all secrets of 10,000 credentials (median)', ms(percentile(decrypts, 50)), '< 50 ms');
  source.store.close();
  target.store.close();
} finally {
  rmSync(root, { recursive: true, force: true });
}
