import { SeedMismatchError, UserError } from '../../common/errors.js';
import { hasUnprintable, quoted } from '../../common/printable.js';
import type { SeedCipher } from '../seedCipher.js';
import { splitPublicAttributes, type RecordKind, type SecretPolicy } from './secretPolicy.js';
import type { Store } from './store.js';

export type Attributes = Record<string, unknown>;

export interface CheckResult {
  ok: boolean;
  message: string | null;
  at: string;
}

/** What a list shows: no decryption, so listing 10,000 records stays cheap. */
export interface RecordSummary {
  id: number;
  name: string;
  type: string;
  publicAttributes: Attributes;
  lastCheck: CheckResult | null;
  updatedAt: string;
}

export interface StoredRecord extends RecordSummary {
  attributes: Attributes;
}

export interface DecryptedRecord {
  id: number;
  name: string;
  type: string;
  attributes: Attributes;
}

interface SummaryRow {
  id: number;
  name: string;
  type: string;
  public_attributes: string;
  check_ok: number | null;
  check_message: string | null;
  checked_at: string | null;
  updated_at: string;
}

interface Row extends SummaryRow {
  attributes: string;
}

export interface RecordTableSpec {
  table: 'cloud_credentials' | 'keychain_credentials';
  typeColumn: 'provider' | 'type';
  kind: RecordKind;
  /** How a record is named in messages and the audit log: "cloud credential". */
  noun: string;
}

export const MAX_NAME_LENGTH = 120;

/**
 * A table of named records whose attributes are a JSON object encrypted with the seed cipher,
 * as the system we reimplement stores them. Cloud credentials and keychain credentials are both
 * this shape; every change is one transaction with its audit entry.
 */
export class EncryptedRecords {
  private readonly columns: string;
  /** What a list shows: the encrypted attributes are not even read. */
  private readonly summaryColumns: string;

  constructor(
    private readonly store: Store,
    private readonly policy: SecretPolicy,
    private readonly spec: RecordTableSpec,
  ) {
    this.summaryColumns = `id, name, ${spec.typeColumn} AS type, public_attributes, check_ok, check_message, checked_at, updated_at`;
    this.columns = `${this.summaryColumns}, attributes`;
  }

  private get db() {
    return this.store.db;
  }

  list(type?: string): RecordSummary[] {
    const where = type ? `WHERE ${this.spec.typeColumn} = ?` : '';
    const rows = this.db.prepare(`SELECT ${this.summaryColumns} FROM ${this.spec.table} ${where} ORDER BY name COLLATE NOCASE`).all(...(type ? [type] : [])) as SummaryRow[];
    return rows.map((row) => summarize(row));
  }

  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM ${this.spec.table}`).get() as { n: number }).n;
  }

  /** By name, or by id when given a number. Undefined when absent. */
  find(nameOrId: string | number): StoredRecord | undefined {
    const row = this.findRow(nameOrId);
    return row ? this.decryptRow(row) : undefined;
  }

  get(nameOrId: string | number): StoredRecord {
    const record = this.find(nameOrId);
    if (!record) throw new UserError(`No ${this.spec.noun} named ${quoted(String(nameOrId))}.`);
    return record;
  }

  /**
   * Every record's name, type and decrypted attributes: the hot path of exports and of
   * "decrypt everything" (10,000 records in well under 50 ms), so it reads only what it returns.
   * Throws SeedMismatchError naming the first record that cannot be decrypted.
   */
  decryptAll(type?: string): DecryptedRecord[] {
    const where = type ? `WHERE ${this.spec.typeColumn} = ?` : '';
    const rows = this.db
      .prepare(`SELECT id, name, ${this.spec.typeColumn}, attributes FROM ${this.spec.table} ${where} ORDER BY id`)
      .raw()
      .all(...(type ? [type] : [])) as [number, string, string, string][];
    const cipher = this.store.cipher();
    return rows.map(([id, name, recordType, attributes]) => ({ id, name, type: recordType, attributes: this.decryptAttributes(cipher, name, attributes) }));
  }

  create(name: string, type: string, attributes: Attributes): StoredRecord {
    const cleanName = validateRecordName(name, this.spec.noun);
    const now = new Date().toISOString();
    return this.store.write(() => {
      this.assertNameFree(cleanName);
      const result = this.db
        .prepare(`INSERT INTO ${this.spec.table} (name, ${this.spec.typeColumn}, attributes, public_attributes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(cleanName, type, this.store.cipher().encrypt(JSON.stringify(attributes)), this.publicJson(type, attributes), now, now);
      this.store.audit.record('create', this.spec.noun, cleanName, type);
      return this.get(Number(result.lastInsertRowid));
    });
  }

  /** Replaces attributes and/or renames. A changed record forgets its last check result. */
  update(id: number, change: { name?: string; attributes?: Attributes }): StoredRecord {
    return this.store.write(() => {
      const current = this.get(id);
      const name = change.name === undefined ? current.name : validateRecordName(change.name, this.spec.noun);
      if (name !== current.name) this.assertNameFree(name);
      const attributes = change.attributes ?? current.attributes;
      this.db
        .prepare(`UPDATE ${this.spec.table} SET name = ?, attributes = ?, public_attributes = ?, check_ok = NULL, check_message = NULL, checked_at = NULL, updated_at = ? WHERE id = ?`)
        .run(name, this.store.cipher().encrypt(JSON.stringify(attributes)), this.publicJson(current.type, attributes), new Date().toISOString(), id);
      this.store.audit.record('update', this.spec.noun, name, name !== current.name ? `renamed from ${current.name}` : null);
      return this.get(id);
    });
  }

  remove(id: number): void {
    this.store.write(() => {
      const row = this.findRow(id);
      if (!row) throw new UserError(`No ${this.spec.noun} with id ${id}.`);
      this.db.prepare(`DELETE FROM ${this.spec.table} WHERE id = ?`).run(id);
      this.store.audit.record('delete', this.spec.noun, row.name, row.type);
    });
  }

  recordCheck(id: number, ok: boolean, message: string | null): void {
    this.db.prepare(`UPDATE ${this.spec.table} SET check_ok = ?, check_message = ?, checked_at = ? WHERE id = ?`).run(ok ? 1 : 0, message, new Date().toISOString(), id);
  }

  /** The names of the records whose attributes do not decrypt with the seed in use. */
  damaged(): string[] {
    return this.damagedRows(this.store.cipher()).map((row) => row.name);
  }

  /**
   * Each record whose attributes cannot be decrypted keeps its name, type and public
   * attributes, and loses its secret ones. Returns the names of those records.
   */
  dropDamagedSecrets(): string[] {
    return this.store.write(() => {
      const cipher = this.store.cipher();
      const rewrite = this.db.prepare(`UPDATE ${this.spec.table} SET attributes = ?, check_ok = NULL, check_message = NULL, checked_at = NULL WHERE id = ?`);
      return this.damagedRows(cipher).map((row) => {
        const kept = JSON.parse(row.public_attributes) as Attributes;
        rewrite.run(cipher.encrypt(JSON.stringify(kept)), row.id);
        this.store.audit.record('drop secrets', this.spec.noun, row.name, 'the stored secrets did not decrypt');
        return row.name;
      });
    });
  }

  private damagedRows(cipher: SeedCipher): Row[] {
    const rows = this.db.prepare(`SELECT ${this.columns} FROM ${this.spec.table} ORDER BY id`).all() as Row[];
    return rows.filter((row) => {
      try {
        this.decryptAttributes(cipher, row.name, row.attributes);
        return false;
      } catch {
        return true;
      }
    });
  }

  private findRow(nameOrId: string | number): Row | undefined {
    const column = typeof nameOrId === 'number' ? 'id' : 'name';
    return this.db.prepare(`SELECT ${this.columns} FROM ${this.spec.table} WHERE ${column} = ?`).get(nameOrId) as Row | undefined;
  }

  private assertNameFree(name: string): void {
    if (this.findRow(name)) throw new UserError(`A ${this.spec.noun} named ${quoted(name)} already exists.`, { reason: 'name-taken' });
  }

  private publicJson(type: string, attributes: Attributes): string {
    return JSON.stringify(splitPublicAttributes(this.policy, this.spec.kind, type, attributes));
  }

  private decryptRow(row: Row): StoredRecord {
    return { ...summarize(row), attributes: this.decryptAttributes(this.store.cipher(), row.name, row.attributes) };
  }

  /**
   * The seed was checked against the store when it opened, so a value that does not decrypt
   * is damaged (or was altered): name the record, and let the user drop just that secret.
   */
  private decryptAttributes(cipher: SeedCipher, name: string, encrypted: string): Attributes {
    let attributes: unknown;
    try {
      attributes = JSON.parse(cipher.decrypt(encrypted));
    } catch {
      attributes = undefined;
    }
    if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) {
      throw new SeedMismatchError(`The secrets of ${this.spec.noun} ${quoted(name)} do not decrypt: the stored value is damaged or was altered.`, { reason: 'secret-damaged' });
    }
    return attributes as Attributes;
  }
}

function summarize(row: SummaryRow): RecordSummary {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    publicAttributes: JSON.parse(row.public_attributes) as Attributes,
    lastCheck: row.checked_at ? { ok: row.check_ok === 1, message: row.check_message, at: row.checked_at } : null,
    updatedAt: row.updated_at,
  };
}

/** A name is one line of printable text, 1 to MAX_NAME_LENGTH characters, trimmed. */
export function validateRecordName(name: unknown, noun: string): string {
  if (typeof name !== 'string') throw new UserError(`The ${noun} needs a name (text).`, { field: 'name' });
  const clean = name.trim();
  if (!clean) throw new UserError(`The ${noun} needs a name.`, { field: 'name' });
  if ([...clean].length > MAX_NAME_LENGTH) throw new UserError(`The name is too long: ${[...clean].length} characters, at most ${MAX_NAME_LENGTH}.`, { field: 'name' });
  if (hasUnprintable(clean)) throw new UserError(`The name ${quoted(clean)} contains control or direction-changing characters.`, { field: 'name' });
  return clean;
}
