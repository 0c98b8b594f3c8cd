import type { Database } from 'better-sqlite3';
import { SeedMismatchError } from '../../common/errors.js';
import { SeedCipher } from '../seedCipher.js';
import { readSeed } from './secretSeed.js';
import { SETTING_SEED_CHECK } from './settings.js';

/**
 * The seed that decrypts the store *now*. Another process may replace the whole configuration
 * and its seed (an upload) while this one stays open: the stored check value then changes,
 * and this process must follow (read the new seed from disk) instead of writing values that
 * only the old seed can read. The check row is the authority: inside a write transaction it
 * cannot move under us.
 */
export class LiveSeed {
  private seedBytes: Buffer;
  private cipherNow: SeedCipher;
  /** The check value this seed was last seen to match. */
  private matchedCheck: string | undefined;
  private seenDataVersion: number;

  constructor(
    private readonly db: Database,
    seed: Uint8Array,
    /** Where the seed of a replaced configuration may be found: pwenc_secret, then the pending one. */
    private readonly seedFiles: readonly string[],
  ) {
    this.seedBytes = Buffer.from(seed);
    this.cipherNow = new SeedCipher(this.seedBytes, { readLegacy: false });
    this.seenDataVersion = this.dataVersion();
  }

  get seed(): Buffer {
    return this.seedBytes;
  }

  /** The cipher to use for a read: follows a replaced seed when another process committed since. */
  cipher(): SeedCipher {
    const version = this.dataVersion();
    if (version !== this.seenDataVersion) {
      this.seenDataVersion = version;
      this.follow();
    }
    return this.cipherNow;
  }

  /** Inside a write transaction: make sure the seed in use is the one the store holds. */
  followNow(): void {
    this.follow();
  }

  /** This process replaced the seed itself (an upload): adopt it. */
  adopt(seed: Uint8Array): void {
    this.seedBytes = Buffer.from(seed);
    this.cipherNow = new SeedCipher(this.seedBytes, { readLegacy: false });
    this.matchedCheck = this.storedCheck();
    this.seenDataVersion = this.dataVersion();
  }

  /** Remembers that the current seed matches this check value (written or verified at open). */
  matched(check: string): void {
    this.matchedCheck = check;
  }

  private follow(): void {
    const check = this.storedCheck();
    if (check === undefined || check === this.matchedCheck) return;
    if (this.cipherNow.matchesCheck(check)) {
      this.matchedCheck = check;
      return;
    }
    for (const path of this.seedFiles) {
      let seed: Buffer;
      try {
        seed = readSeed(path);
      } catch {
        continue;
      }
      const candidate = new SeedCipher(seed, { readLegacy: false });
      if (candidate.matchesCheck(check)) {
        this.seedBytes = seed;
        this.cipherNow = candidate;
        this.matchedCheck = check;
        return;
      }
    }
    throw new SeedMismatchError('The configuration was replaced by another process and its secret seed cannot be found: close nasconsole and open it again.');
  }

  private storedCheck(): string | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(SETTING_SEED_CHECK) as { value: string } | undefined;
    return row?.value;
  }

  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }
}
