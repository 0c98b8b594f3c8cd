import { Readable } from 'node:stream';
import { UserError } from '../../common/errors.js';
import { INPUT_LIMITS, openBoundedInputStream, type BoundedInputStream } from '../boundedInput.js';
import { isSqliteImage } from '../store/databaseImage.js';
import { validatePoolKeys, type PoolKey } from '../store/index.js';
import { isAgeEncrypted } from './ageCrypt.js';
import { DATABASE_MEMBER, POOL_KEYS_MEMBER, SEED_MEMBER, verifyManifest, type Manifest } from './manifest.js';
import { oneChunk, readTarMembers } from './tar.js';
import { MAX_UPLOAD_BYTES, uploadTooLarge } from './uploadLimit.js';

export { MAX_UPLOAD_BYTES } from './uploadLimit.js';

export interface ArchiveContents {
  kind: 'archive' | 'bare-database';
  encrypted: boolean;
  database: Buffer;
  seed?: Buffer;
  poolKeys?: PoolKey[];
  manifest?: Manifest;
}

/** What an upload reads: bytes already in memory (a fetched backup), or a file or stdin as a stream. */
export type UploadSource = Buffer | BoundedInputStream;

export class PassphraseRequiredError extends UserError {
  constructor() {
    super('This archive is passphrase-protected (age).', { reason: 'passphrase-required' });
    this.name = 'PassphraseRequiredError';
  }
}

/** The longest prefix that tells the kinds apart (age's header line, SQLite's magic). */
const SNIFF_BYTES = 32;

/**
 * Reads and checks an uploaded file as it streams in; touches nothing on disk. Only the
 * members are kept (the database image, the seed, pool_keys.json), never the file whole:
 * a tar is read member by member, hashed as it comes; an age file is decrypted as a stream.
 */
export async function readArchive(source: UploadSource, passphrase?: string): Promise<ArchiveContents> {
  const file = await sniff(Buffer.isBuffer(source) ? checkedBuffer(source) : source.chunks);
  try {
    return await readContents(file, passphrase);
  } finally {
    await file.close(); // a refusal before the end leaves no file open behind it
  }
}

async function readContents({ head, chunks }: Sniffed, passphrase: string | undefined): Promise<ArchiveContents> {
  if (head.length === 0) throw new UserError('The file is empty.');
  let encrypted = false;
  if (isAgeEncrypted(head)) {
    if (passphrase === undefined) throw new PassphraseRequiredError();
    ({ head, chunks } = await sniff(await decryptStream(chunks, passphrase)));
    encrypted = true;
  }
  if (isSqliteImage(head)) return { kind: 'bare-database', encrypted, database: await collect(chunks) };

  const members = await readTarMembers(chunks);
  const manifest = verifyManifest(members);
  const seed = members.get(SEED_MEMBER)?.data;
  if (seed && seed.length !== 32) throw new UserError(`The archive's ${SEED_MEMBER} is ${seed.length} bytes, expected 32.`);
  const poolKeysJson = members.get(POOL_KEYS_MEMBER)?.data;
  let poolKeys: PoolKey[] | undefined;
  if (poolKeysJson) {
    try {
      poolKeys = validatePoolKeys(JSON.parse(poolKeysJson.toString('utf8')));
    } catch (error) {
      throw error instanceof UserError ? new UserError(`The archive's ${POOL_KEYS_MEMBER} is invalid: ${error.message}`) : new UserError(`The archive's ${POOL_KEYS_MEMBER} is not valid JSON.`);
    }
  }
  const database = members.get(DATABASE_MEMBER)!.data;
  if (!isSqliteImage(database)) throw new UserError(`The archive's ${DATABASE_MEMBER} is not an SQLite database.`);
  return { kind: 'archive', encrypted, database, seed, poolKeys, manifest };
}

/** A file or stdin to upload, opened: refused at once when fstat says it is over the limit; read as it is used. */
export function openUploadFile(path: string): BoundedInputStream {
  return openBoundedInputStream(path, INPUT_LIMITS.configUpload);
}

function checkedBuffer(bytes: Buffer): AsyncIterable<Buffer> {
  if (bytes.length > MAX_UPLOAD_BYTES) throw uploadTooLarge(bytes.length);
  return oneChunk(bytes);
}

interface Sniffed {
  head: Buffer;
  /** All the chunks again, the first bytes included. */
  chunks: AsyncIterable<Buffer>;
  /** Stops reading the source (closes the file). */
  close: () => Promise<unknown>;
}

/** The first bytes, to tell what the input is, without losing them. */
async function sniff(source: AsyncIterable<Buffer>): Promise<Sniffed> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(taken).subarray(0, SNIFF_BYTES);
  async function* replay(): AsyncGenerator<Buffer> {
    yield* taken;
    if (!done) yield* { [Symbol.asyncIterator]: () => iterator };
  }
  return { head, chunks: replay(), close: async () => iterator.return?.() };
}

/**
 * age's STREAM decryption, chunk by chunk (each 64 KiB chunk is authenticated, and a
 * truncated file fails at its end); the decrypted bytes are held to the same limit.
 * age-encryption is loaded on demand (most uploads never need it).
 */
async function decryptStream(chunks: AsyncIterable<Buffer>, passphrase: string): Promise<AsyncIterable<Buffer>> {
  const { Decrypter } = await import('age-encryption');
  const decrypter = new Decrypter();
  decrypter.addPassphrase(passphrase);
  let plain: ReadableStream<Uint8Array>;
  try {
    plain = await decrypter.decrypt(Readable.toWeb(Readable.from(chunks)) as ReadableStream<Uint8Array>);
  } catch (error) {
    throw error instanceof UserError ? error : cannotDecrypt();
  }
  return (async function* () {
    let length = 0;
    try {
      for await (const chunk of plain as unknown as AsyncIterable<Uint8Array>) {
        length += chunk.length;
        if (length > MAX_UPLOAD_BYTES) throw uploadTooLarge(length);
        yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      }
    } catch (error) {
      throw error instanceof UserError ? error : cannotDecrypt();
    }
  })();
}

function cannotDecrypt(): UserError {
  return new UserError('Cannot decrypt the archive: wrong passphrase, or the file is damaged.');
}

/** A bare database: its bytes are the database image, collected once. */
async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}
