import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { SeedMismatchError } from '../../common/errors.js';
import { INPUT_LIMITS, readBoundedFile } from '../boundedInput.js';
import { TargetExistsError, writeFileAtomic } from '../fsSafe.js';
import { SEED_BYTES } from '../seedCipher.js';

/**
 * Reads the 32-byte secret seed, or makes one (0600) when there is none yet. Two processes
 * starting on a new data dir at once must end up with one seed: it is created only if absent
 * (atomically), and the loser reads the winner's.
 */
export function loadOrCreateSeed(path: string): { seed: Buffer; created: boolean } {
  if (existsSync(path)) return { seed: readSeed(path), created: false };
  const seed = randomBytes(SEED_BYTES);
  try {
    writeFileAtomic(path, seed, { mode: 0o600, existing: 'refuse' });
  } catch (error) {
    if (error instanceof TargetExistsError) return { seed: readSeed(path), created: false };
    throw error;
  }
  return { seed, created: true };
}

export function readSeed(path: string): Buffer {
  const seed = readBoundedFile(path, INPUT_LIMITS.seed);
  if (seed.length !== SEED_BYTES) throw new SeedMismatchError(`The secret seed ${path} is ${seed.length} bytes, expected ${SEED_BYTES}.`);
  return seed;
}
