// Save and upload of a store holding 10,000 cloud credentials, and decrypting all their secrets.
import { createDecipheriv, hkdfSync } from 'node:crypto';
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveConfiguration } from '../../src/engine/archive/save.js';
import { uploadConfiguration } from '../../src/engine/archive/upload.js';
import { openDataStore } from '../../src/engine/dataStore.js';
import { appSecretPolicy } from '../../src/cli/context.js';
import { floorOf, ms, percentile, report, timeRuns } from './figures.js';

function writeSynced(path: string, bytes: Buffer): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** What the seed cipher does for one value, and nothing else: base64, AES-256-GCM, UTF-8. */
function bareGcmDecrypt(key: Buffer, value: string): string {
  const raw = Buffer.from(value.slice('$nc1$'.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  const plain = decipher.update(raw.subarray(12, raw.length - 16)).toString('utf8');
  decipher.final();
  return plain;
}

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

  // Floors, in the same run: copying the database's bytes to a file (fsync'd), and a bare loop
  // of AES-256-GCM decryptions of the same 10,000 values with node's crypto.
  const copies = await timeRuns(7, () => writeSynced(join(root, 'copy.db'), Buffer.from(source.store.db.serialize())));
  const values = (source.store.db.prepare('SELECT attributes FROM cloud_credentials').raw().all() as [string][]).map(([value]) => value);
  const key = Buffer.from(hkdfSync('sha256', source.store.seed, Buffer.alloc(0), 'nasconsole seed cipher v1', 32));
  const bareDecrypts = await timeRuns(7, () => values.forEach((value) => bareGcmDecrypt(key, value)));
  const copyFloor = percentile(copies, 50);
  const cryptoFloor = percentile(bareDecrypts, 50);

  const saves = await timeRuns(7, () => saveConfiguration(source.store, join(root, 'saved.tar'), { secretSeed: true, poolKeys: true, replace: true }));
  const save = percentile(saves, 50);
  report('config save, 10,000 cloud credentials (median)', ms(save), { floor: floorOf(save, copyFloor, ms, 'copy the database to a file'), goal: '< 150 ms' });

  const bytes = readFileSync(join(root, 'saved.tar'));
  const target = openDataStore(join(root, 'target'), appSecretPolicy);
  const uploads = await timeRuns(7, () => uploadConfiguration(target.store, target.paths, bytes, { policy: appSecretPolicy }));
  const upload = percentile(uploads, 50);
  report('config upload, 10,000 cloud credentials, each checked (median)', ms(upload), { floor: floorOf(upload, cryptoFloor, ms, 'bare decrypt of the 10,000 values'), goal: '< 1 s' });

  const decrypts = await timeRuns(7, () => source.store.cloudCredentials.decryptAll());
  const decrypt = percentile(decrypts, 50);
  report('decrypt all secrets of 10,000 credentials (median)', ms(decrypt), { floor: floorOf(decrypt, cryptoFloor, ms, 'bare decrypt loop'), goal: '< 50 ms' });
  source.store.close();
  target.store.close();
} finally {
  rmSync(root, { recursive: true, force: true });
}
