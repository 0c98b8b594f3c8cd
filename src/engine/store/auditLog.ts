import type { Database } from 'better-sqlite3';

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  kind: string;
  record: string | null;
  detail: string | null;
}

/** What changed, which record, when. Callers pass names and counts, never secret values. */
export class AuditLog {
  private readonly insert;
  constructor(private readonly db: Database) {
    this.insert = db.prepare('INSERT INTO audit_log (at, action, kind, record, detail) VALUES (?, ?, ?, ?, ?)');
  }

  record(action: string, kind: string, record?: string | null, detail?: string | null): void {
    this.insert.run(new Date().toISOString(), action, kind, record ?? null, detail ?? null);
  }

  /** Newest first. */
  list(limit = 100): AuditEntry[] {
    return this.db.prepare('SELECT id, at, action, kind, record, detail FROM audit_log ORDER BY id DESC LIMIT ?').all(limit) as AuditEntry[];
  }
}
