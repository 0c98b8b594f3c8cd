import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { SeedMismatchError } from '../../common/errors.js';
import { writeFileAtomic } from '../fsSafe.js';
import { SEED_BYTES } from '../seedCipher.js';

/** Reads the 32-byte secret seed, or makes one (0600) when there is none yet. */
export function loadOrCreateSeed(path: string): { seed: Buffer; created: boolean } {
  if (existsSync(path)) return { seed: readSeed(path), created: false };
  const seed = randomBytes(SEED_BYTES);
  writeFileAtomic(path, seed, 0o600);
  return { seed, created: true };
}

export function readSeed(path: string): Buffer {
  const seed = readFileSync(path);
  if (seed.length !== SEED_BYTES) throw new SeedMismatchError(`The secret seed ${path} is ${seed.length} bytes, expected ${SEED_BYTES}.`);
  return seed;
}
