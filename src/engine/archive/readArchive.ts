import { UserError } from '../../common/errors.js';
import { INPUT_LIMITS, readBoundedInput } from '../boundedInput.js';
import { isSqliteImage } from '../store/databaseImage.js';
import { validatePoolKeys, type PoolKey } from '../store/index.js';
import { decryptWithPassphrase, isAgeEncrypted } from './ageCrypt.js';
import { DATABASE_MEMBER, POOL_KEYS_MEMBER, SEED_MEMBER, verifyManifest, type Manifest } from './manifest.js';
import { unpackTar } from './tar.js';

/** The original accepts uploads up to 10 MiB; so do we, before and after decryption. */
export const MAX_UPLOAD_BYTES = INPUT_LIMITS.configUpload.maxBytes;


export interface ArchiveContents {
  kind: 'archive' | 'bare-database';
  encrypted: boolean;
  database: Buffer;
  seed?: Buffer;
  poolKeys?: PoolKey[];
  manifest?: Manifest;
}

export class PassphraseRequiredError extends UserError {
  constructor() {
    super('This archive is passphrase-protected (age).', { reason: 'passphrase-required' });
    this.name = 'PassphraseRequiredError';
  }
}

/** Reads and checks an uploaded file in memory; touches nothing on disk. */
export async function readArchive(bytes: Buffer, passphrase?: string): Promise<ArchiveContents> {
  if (bytes.length > MAX_UPLOAD_BYTES) throw tooLarge(bytes.length);
  if (bytes.length === 0) throw new UserError('The file is empty.');
  let encrypted = false;
  if (isAgeEncrypted(bytes)) {
    if (passphrase === undefined) throw new PassphraseRequiredError();
    bytes = await decryptWithPassphrase(bytes, passphrase);
    if (bytes.length > MAX_UPLOAD_BYTES) throw tooLarge(bytes.length);
    encrypted = true;
  }
  if (isSqliteImage(bytes)) return { kind: 'bare-database', encrypted, database: bytes };

  const members = await unpackTar(bytes);
  const manifest = verifyManifest(members);
  const seed = members.get(SEED_MEMBER);
  if (seed && seed.length !== 32) throw new UserError(`The archive's ${SEED_MEMBER} is ${seed.length} bytes, expected 32.`);
  const poolKeysJson = members.get(POOL_KEYS_MEMBER);
  let poolKeys: PoolKey[] | undefined;
  if (poolKeysJson) {
    try {
      poolKeys = validatePoolKeys(JSON.parse(poolKeysJson.toString('utf8')));
    } catch (error) {
      throw error instanceof UserError ? new UserError(`The archive's ${POOL_KEYS_MEMBER} is invalid: ${error.message}`) : new UserError(`The archive's ${POOL_KEYS_MEMBER} is not valid JSON.`);
    }
  }
  const database = members.get(DATABASE_MEMBER)!;
  if (!isSqliteImage(database)) throw new UserError(`The archive's ${DATABASE_MEMBER} is not an SQLite database.`);
  return { kind: 'archive', encrypted, database, seed, poolKeys, manifest };
}

function tooLarge(size: number): UserError {
  return new UserError(`The file is ${(size / 1024 / 1024).toFixed(1)} MiB; a configuration upload may be at most 10 MiB.`);
}

/** Reads a file to upload (a regular file, or stdin as `-`), refusing one over the limit. */
export function readUploadFile(path: string): Promise<Buffer> {
  return readBoundedInput(path, INPUT_LIMITS.configUpload);
}
