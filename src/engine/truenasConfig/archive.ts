import { Readable } from 'node:stream';
import tarStream from 'tar-stream';
import { UserError } from '../../common/errors.js';

/**
 * A TrueNAS configuration as `config.save` packs it: `freenas-v1.db`, with `pwenc_secret` when
 * the seed was exported, and on CORE `geli/<uuid>.key` (the keys of GELI-encrypted pools) when
 * the pool keys were; besides, whatever else that version adds (root_authorized_keys,
 * admin_authorized_keys, snmp_engine_id...). TrueNAS's own upload extracts the tar and looks
 * only for what it needs; so does this reader: directories and other members are accepted,
 * left alone and listed. Our own archives are read strictly elsewhere (archive/tar.ts).
 */
export const TRUENAS_DATABASE = 'freenas-v1.db';
export const TRUENAS_SEED = 'pwenc_secret';
const GELI_KEY = /^geli\/([^/]+)\.key$/;

/** More than any configuration archive holds; a guard against a tar of something else. */
const MAX_MEMBERS = 10_000;

export interface TrueNasArchive {
  database: Buffer;
  seed?: Buffer;
  /** CORE pool keys: the key file's name without `.key` (the pool's encryptkey) → its bytes. */
  geliKeys: Map<string, Buffer>;
  /** Members not read (directories holding only such members included), as the tar names them. */
  ignored: string[];
}

export function isSqliteDatabase(bytes: Buffer): boolean {
  return bytes.subarray(0, 16).toString('latin1') === 'SQLite format 3\0';
}

/** "./geli/x.key" and "geli/x.key" are one member; a directory's trailing "/" goes. */
function memberPath(name: string): string {
  return name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

export async function readTrueNasArchive(bytes: Buffer): Promise<TrueNasArchive> {
  const files = new Map<string, Buffer>();
  const others: string[] = [];
  const extract = tarStream.extract();
  Readable.from([bytes]).pipe(extract);
  let count = 0;
  try {
    for await (const entry of extract) {
      if (++count > MAX_MEMBERS) throw new UserError('The archive holds more members than a TrueNAS configuration does.');
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      const path = memberPath(entry.header.name);
      if (entry.header.type === 'file' && !files.has(path)) files.set(path, Buffer.concat(chunks));
      else others.push(entry.header.type === 'directory' ? `${path}/` : entry.header.name);
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError('The file is not a valid tar archive, or it is truncated or corrupt.');
  }
  const database = files.get(TRUENAS_DATABASE);
  if (!database) throw new UserError(`This is not a TrueNAS configuration archive: it has no ${TRUENAS_DATABASE}.`);
  const geliKeys = new Map<string, Buffer>();
  const used = new Set([TRUENAS_DATABASE, TRUENAS_SEED]);
  for (const [path, data] of files) {
    const key = GELI_KEY.exec(path);
    if (!key) continue;
    geliKeys.set(key[1]!, data);
    used.add(path);
  }
  const unusedFiles = [...files.keys()].filter((path) => !used.has(path));
  // A directory is worth listing only when nothing read came from it (geli/ with its keys is not).
  const directories = others.filter((name) => !(name.endsWith('/') && [...used].some((path) => path.startsWith(name))));
  return { database, ...(files.has(TRUENAS_SEED) ? { seed: files.get(TRUENAS_SEED)! } : {}), geliKeys, ignored: [...unusedFiles, ...directories] };
}
