import { SeedMismatchError, UserError } from '../../common/errors.js';
import { quoted } from '../../common/printable.js';
import type { Store } from './store.js';

export interface PoolKey {
  dataset: string;
  key: string;
}

const DATASET_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*(\/[A-Za-z0-9_.: -]+)*$/;
// A ZFS raw key (32 bytes), or the 64-byte key file of a TrueNAS CORE GELI-encrypted pool.
const HEX_KEY_PATTERN = /^([0-9a-fA-F]{64}|[0-9a-fA-F]{128})$/;

/** Whether a dataset name and key can be stored as a pool key. */
export function isPoolKey({ dataset, key }: PoolKey): boolean {
  return DATASET_PATTERN.test(dataset) && dataset.length <= 200 && HEX_KEY_PATTERN.test(key);
}

/** Checks a {"pool/dataset": "64 hex chars"} object; the message names the offending entry, never its key. */
export function validatePoolKeys(input: unknown): PoolKey[] {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw new UserError('Pool keys must be a JSON object of {"pool/dataset": "64 hex characters"}.');
  }
  return Object.entries(input as Record<string, unknown>).map(([dataset, key]) => {
    if (!DATASET_PATTERN.test(dataset) || dataset.length > 200) throw new UserError(`Invalid dataset name ${quoted(dataset.slice(0, 200))}.`);
    if (typeof key !== 'string' || !HEX_KEY_PATTERN.test(key)) throw new UserError(`The key of dataset ${dataset} is not 64 hexadecimal characters (128 for a GELI pool key).`);
    return { dataset, key: key.toLowerCase() };
  });
}

/** Encryption keys of encrypted pools/datasets, stored encrypted with the seed cipher. */
export class PoolKeys {
  constructor(private readonly store: Store) {}

  private get db() {
    return this.store.db;
  }

  names(): string[] {
    return (this.db.prepare('SELECT dataset FROM pool_keys ORDER BY dataset').all() as { dataset: string }[]).map((row) => row.dataset);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM pool_keys').get() as { n: number }).n;
  }

  /** Every key, decrypted; a key that does not decrypt is named (the seed was checked at open). */
  list(): PoolKey[] {
    return this.rows().map((row) => {
      const key = this.decryptKey(row.encryption_key);
      if (key === undefined) {
        throw new SeedMismatchError(`The key of pool dataset ${quoted(row.dataset)} does not decrypt: the stored value is damaged or was altered.`, { reason: 'secret-damaged' });
      }
      return { dataset: row.dataset, key };
    });
  }

  /** The datasets whose stored key does not decrypt to a key. */
  damaged(): string[] {
    return this.rows()
      .filter((row) => this.decryptKey(row.encryption_key) === undefined)
      .map((row) => row.dataset);
  }

  /** Deletes the keys that do not decrypt; returns their datasets. */
  dropDamaged(): string[] {
    return this.store.write(() => {
      const lost = this.damaged();
      const remove = this.db.prepare('DELETE FROM pool_keys WHERE dataset = ?');
      for (const dataset of lost) {
        remove.run(dataset);
        this.store.audit.record('drop secrets', 'pool key', dataset, 'the stored key did not decrypt');
      }
      return lost;
    });
  }

  /** Adds or replaces the given keys in one transaction. */
  import(keys: PoolKey[]): void {
    this.store.write(() => {
      const upsert = this.db.prepare('INSERT INTO pool_keys (dataset, encryption_key) VALUES (?, ?) ON CONFLICT(dataset) DO UPDATE SET encryption_key = excluded.encryption_key');
      const cipher = this.store.cipher();
      for (const { dataset, key } of keys) upsert.run(dataset, cipher.encrypt(key));
      this.store.audit.record('import', 'pool keys', null, `${keys.length} dataset key(s): ${keys.map((k) => k.dataset).join(', ')}`.slice(0, 500));
    });
  }

  private rows(): { dataset: string; encryption_key: string }[] {
    return this.db.prepare('SELECT dataset, encryption_key FROM pool_keys ORDER BY dataset').all() as { dataset: string; encryption_key: string }[];
  }

  private decryptKey(value: string): string | undefined {
    try {
      const key = this.store.cipher().decrypt(value);
      return HEX_KEY_PATTERN.test(key) ? key.toLowerCase() : undefined;
    } catch {
      return undefined;
    }
  }
}
