import type { Database } from 'better-sqlite3';
import { UserError } from '../../common/errors.js';
import type { SeedCipher } from '../seedCipher.js';
import type { AuditLog } from './audit.js';

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
    if (!DATASET_PATTERN.test(dataset) || dataset.length > 200) throw new UserError(`Invalid dataset name ${JSON.stringify(dataset.slice(0, 200))}.`);
    if (typeof key !== 'string' || !HEX_KEY_PATTERN.test(key)) throw new UserError(`The key of dataset ${dataset} is not 64 hexadecimal characters (128 for a GELI pool key).`);
    return { dataset, key: key.toLowerCase() };
  });
}

/** Encryption keys of encrypted pools/datasets, stored encrypted with the seed cipher. */
export class PoolKeys {
  constructor(
    private readonly db: Database,
    private readonly cipher: SeedCipher,
    private readonly audit: AuditLog,
  ) {}

  names(): string[] {
    return (this.db.prepare('SELECT dataset FROM pool_keys ORDER BY dataset').all() as { dataset: string }[]).map((row) => row.dataset);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM pool_keys').get() as { n: number }).n;
  }

  list(): PoolKey[] {
    const rows = this.db.prepare('SELECT dataset, encryption_key FROM pool_keys ORDER BY dataset').all() as { dataset: string; encryption_key: string }[];
    return rows.map((row) => ({ dataset: row.dataset, key: this.cipher.decrypt(row.encryption_key) }));
  }

  /** Deletes the keys this seed cannot decrypt (an upload without its seed); returns their datasets. */
  dropUndecryptable(): string[] {
    const rows = this.db.prepare('SELECT dataset, encryption_key FROM pool_keys').all() as { dataset: string; encryption_key: string }[];
    const lost = rows.filter((row) => {
      try {
        return !HEX_KEY_PATTERN.test(this.cipher.decrypt(row.encryption_key));
      } catch {
        return true;
      }
    });
    const remove = this.db.prepare('DELETE FROM pool_keys WHERE dataset = ?');
    this.db.transaction(() => lost.forEach((row) => remove.run(row.dataset)))();
    return lost.map((row) => row.dataset);
  }

  /** Adds or replaces the given keys in one transaction. */
  import(keys: PoolKey[]): void {
    const upsert = this.db.prepare('INSERT INTO pool_keys (dataset, encryption_key) VALUES (?, ?) ON CONFLICT(dataset) DO UPDATE SET encryption_key = excluded.encryption_key');
    this.db.transaction(() => {
      for (const { dataset, key } of keys) upsert.run(dataset, this.cipher.encrypt(key));
      this.audit.record('import', 'pool keys', null, `${keys.length} dataset key(s): ${keys.map((k) => k.dataset).join(', ')}`.slice(0, 500));
    })();
  }
}
