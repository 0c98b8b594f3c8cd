// Save and upload of a store holding 10,000 and 100,000 cloud credentials (their ratio, and how
// each grows from 10k to 100k), the peak RSS of an upload of the 100k archive, and decrypting
// all the secrets of 10,000 credentials.
import { spawnSync } from 'node:child_process';
import { createDecipheriv, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openUploadFile } from '../../src/engine/archive/readArchive.js';
import { saveConfiguration } from '../../src/engine/archive/save.js';
import { uploadConfiguration } from '../../src/engine/archive/upload.js';
import { openDataStore, type DataStore } from '../../src/engine/dataStore.js';
import { appSecretPolicy } from '../../src/cli/context.js';
import { floorOf, ms, percentile, report, timeRuns } from './figures.js';

const UPLOAD_RSS_CHILD = '--upload-rss-child';

function writeSynced(path: string, bytes: Buffer): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** What the seed cipher does for one value, and nothing else: base64, AES-256-GCM with a KeyObject made once, UTF-8. */
function bareGcmDecrypt(key: KeyObject, value: string): string {
  const raw = Buffer.from(value.slice('$nc1$'.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  const plain = decipher.update(raw.subarray(12, raw.length - 16)).toString('utf8');
  decipher.final();
  return plain;
}

/** Peak resident memory of this process (VmHWM), in MiB. */
function peakRssMiB(): number {
  const kib = Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
  return kib / 1024;
}

/** A store of `count` S3 credentials, written through the engine in one transaction. */
function storeOf(dir: string, count: number): DataStore {
  const data = openDataStore(dir);
  data.store.write(() => {
    for (let i = 0; i < count; i++) {
      data.store.cloudCredentials.create(`credential-${String(i).padStart(6, '0')}`, 'S3', {
        access_key_id: `AKIA${String(i).padStart(12, '0')}`,
        secret_access_key: `secret/${i}+abcdefghijklmnopqrstuvwxyz0123`,
        endpoint: 'https://s3.example.com',
        max_upload_parts: 10000,
      });
    }
  });
  return data;
}

interface Measured {
  save: number;
  upload: number;
  archive: string;
}

/** Median save and upload (the upload streams the saved file, as `config upload FILE` does). */
async function measure(root: string, count: number, runs: number): Promise<Measured> {
  const source = storeOf(join(root, `source-${count}`), count);
  const target = openDataStore(join(root, `target-${count}`), appSecretPolicy);
  const archive = join(root, `saved-${count}.tar`);
  try {
    const saves = await timeRuns(runs, () => saveConfiguration(source.store, archive, { secretSeed: true, poolKeys: true, replace: true }));
    const uploads = await timeRuns(runs, () => uploadConfiguration(target.store, target.paths, openUploadFile(archive), { policy: appSecretPolicy }));
    return { save: percentile(saves, 50), upload: percentile(uploads, 50), archive };
  } finally {
    source.store.close();
    target.store.close();
  }
}

/** Run in a child process of its own: an upload of `archive` into a fresh data dir, then its peak RSS. */
async function uploadRssChild(archive: string, dir: string, upload: boolean): Promise<void> {
  const target = openDataStore(dir, appSecretPolicy);
  if (upload) await uploadConfiguration(target.store, target.paths, openUploadFile(archive), { policy: appSecretPolicy });
  target.store.close();
  console.log(peakRssMiB().toFixed(1));
}

function childPeakRss(archive: string, dir: string, upload: boolean): number {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), UPLOAD_RSS_CHILD, archive, dir, String(upload)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the upload child failed: ${result.stderr}`);
  return Number(result.stdout.trim());
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'nasconsole-bench-'));
  try {
    const small = await measure(root, 10_000, 5);
    report('config save, 10,000 cloud credentials (median)', ms(small.save), { goal: '< 150 ms' });
    report('config upload, 10,000 cloud credentials, each checked (median)', ms(small.upload), { floor: floorOf(small.upload, small.save, ms, 'a save of the same store'), goal: '<= 2x' });

    const large = await measure(root, 100_000, 2);
    const archiveMiB = statSync(large.archive).size / 1024 / 1024;
    report(`config save, 100,000 cloud credentials (a ${archiveMiB.toFixed(1)} MiB archive)`, ms(large.save));
    report('  its growth from 10,000', `${(large.save / small.save).toFixed(1)}x`, { goal: '10x: linear' });
    report('config upload, 100,000 cloud credentials, each checked', ms(large.upload), { floor: floorOf(large.upload, large.save, ms, 'a save of the same store'), goal: '<= 2x' });
    report('  its growth from 10,000', `${(large.upload / small.upload).toFixed(1)}x`, { goal: '10x: linear' });
    const idle = childPeakRss(large.archive, join(root, 'rss-idle'), false);
    const rss = childPeakRss(large.archive, join(root, 'rss-upload'), true);
    report('peak RSS of an upload of the 100,000-credential archive', `${rss.toFixed(0)} MB`, {
      floor: floorOf(rss, idle, (v) => `${v.toFixed(0)} MB`, 'node with the store open'),
      goal: `bounded: the ${archiveMiB.toFixed(0)} MiB image and the records, never the file twice`,
    });

    // Decrypting every secret, against a bare loop of the same AES-256-GCM decryptions in the same run.
    const source = openDataStore(join(root, 'source-10000'));
    const values = (source.store.db.prepare('SELECT attributes FROM cloud_credentials').raw().all() as [string][]).map(([value]) => value);
    const key = createSecretKey(Buffer.from(hkdfSync('sha256', source.store.seed, Buffer.alloc(0), 'nasconsole seed cipher v1', 32)));
    const cryptoFloor = percentile(await timeRuns(7, () => values.forEach((value) => bareGcmDecrypt(key, value))), 50);
    const decrypt = percentile(await timeRuns(7, () => source.store.cloudCredentials.decryptAll()), 50);
    report('decrypt all secrets of 10,000 credentials (median; also reads and parses them)', ms(decrypt), { floor: floorOf(decrypt, cryptoFloor, ms, 'bare decrypt loop'), goal: '<= 2x' });
    source.store.close();

    const copy = percentile(await timeRuns(7, () => writeSynced(join(root, 'copy.db'), readFileSync(join(root, 'source-10000', 'config.db')))), 50);
    report('copy the 10,000-credential database to a file (the floor of any save)', ms(copy));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[2] === UPLOAD_RSS_CHILD) await uploadRssChild(process.argv[3]!, process.argv[4]!, process.argv[5] === 'true');
else await main();
