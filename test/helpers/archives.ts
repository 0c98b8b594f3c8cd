import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { saveConfiguration } from '../../src/engine/archive/save.js';
import { packTar, unpackTar } from '../../src/engine/archive/tar.js';
import { fillStore, openTestStore } from './dataStores.js';

/** A configuration saved (with its seed and pool keys) from a store filled with known records. */
export async function savedArchiveBytes(dir: string, outDir: string, options = { secretSeed: true, poolKeys: true }): Promise<Buffer> {
  const source = openTestStore(dir);
  fillStore(source);
  const saved = await saveConfiguration(source.store, outDir, options);
  source.store.close();
  return readFileSync(saved.path);
}

/** Replaces one member and re-hashes the manifest, as a careful forger would. */
export async function rebuildWithManifest(members: Map<string, Buffer>, name: string, data: Buffer): Promise<Buffer> {
  members.set(name, data);
  const manifest = JSON.parse(members.get('manifest.json')!.toString());
  manifest.members[name] = createHash('sha256').update(data).digest('hex');
  members.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
  return packTar([...members].map(([n, d]) => ({ name: n, data: d })));
}

/** The archive with its config.db changed by `change` (SQL run on a copy), manifest re-hashed. */
export async function archiveWithDatabaseChange(archive: Buffer, scratchDir: string, change: (db: Database.Database) => void): Promise<Buffer> {
  const members = await unpackTar(archive);
  const path = join(scratchDir, `changed-${Date.now()}-${Math.random().toString(16).slice(2)}.db`);
  writeFileSync(path, members.get('config.db')!);
  const db = new Database(path);
  change(db);
  db.close();
  return rebuildWithManifest(members, 'config.db', readFileSync(path));
}
