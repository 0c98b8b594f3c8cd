import type { Database } from 'better-sqlite3';

/** Configuration settings (part of the saved configuration; user preferences live in conf). */
export class Settings {
  constructor(private readonly db: Database) {}

  get(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  /** One statement, atomic on its own; callers that read first use `store.write`. */
  set(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  getNumber(key: string, fallback: number): number {
    const value = Number(this.get(key));
    return Number.isFinite(value) && this.get(key) !== undefined ? value : fallback;
  }
}

/** The encrypted "Donuts!" that tells whether a seed is the right one. */
export const SETTING_SEED_CHECK = 'pwenc_check';
/** A random token, new each time the whole configuration is replaced (upload, restore, seed change). */
export const SETTING_GENERATION = 'store_generation';
export const SETTING_BACKUP_RETENTION = 'backup_retention';
