import { UserError } from '../../common/errors.js';
import { quoted } from '../../common/printable.js';
import type { Attributes } from '../../providers/index.js';
import { checkRetention } from '../backups.js';
import { SSH_CREDENTIALS, SSH_KEY_PAIR } from '../keychain/records.js';
import { isAuthenticated, SeedCipher } from '../seedCipher.js';
import { validatePoolKeys, type PoolKey } from '../store/poolKeyTable.js';
import { SETTING_BACKUP_RETENTION, SETTING_SEED_CHECK } from '../store/settings.js';
import type { IncomingConfiguration, IncomingRecord } from './incoming.js';
import { checkDestinationPath, checkKeep, X25519_RECIPIENT } from '../offsite/rules.js';
import { checkCloudRecord, checkKeychainRecord, checkName, checkProvider, type RuleResult } from './recordRules.js';

/**
 * What an upload will write, decided before the live store is touched: every record
 * decrypted with the seed that goes with it and checked by the rules add and edit apply.
 */
export interface PlannedRecord {
  /** The id it had: references between records (a connection's keypair) keep pointing right. */
  id: number;
  name: string;
  type: string;
  attributes: Attributes;
  /**
   * The stored value as it came, when it already is in the authenticated format under the seed
   * the store will use and the rules kept the attributes as they were: written back as it is
   * (re-encrypting 10,000 records would be most of an upload's time, for nothing).
   */
  encrypted?: string;
  check: { ok: boolean; message: string | null; at: string } | null;
}

export type RecordKindName = 'cloud credential' | 'SSH keypair' | 'SSH connection' | 'keychain credential' | 'pool key' | 'setting' | 'backup destination' | 'backup recipient';

/** A backup destination as it will be stored: it names a planned cloud credential or SSH connection by id. */
export interface PlannedDestination {
  name: string;
  cloudCredentialId: number | null;
  sshConnectionId: number | null;
  path: string;
  keep: number;
  lastPush: { ok: boolean; message: string | null; at: string; file: string | null } | null;
  pushedSha256: string | null;
  createdAt: string | null;
}

export interface PlanEntry {
  kind: RecordKindName;
  name: string;
}

export interface InvalidEntry extends PlanEntry {
  reason: string;
}

export interface ReplacementPlan {
  cloud: PlannedRecord[];
  /** Keypairs before the connections that use them. */
  keychain: PlannedRecord[];
  poolKeys: PoolKey[];
  settings: Record<string, string>;
  destinations: PlannedDestination[];
  recipients: { recipient: string; label: string | null; createdAt: string | null }[];
  /** Records kept without the secrets this seed cannot read (asked for). */
  dropped: PlanEntry[];
  /** Records left out because they break the rules (asked for). */
  skipped: InvalidEntry[];
}

export interface PlanOptions {
  /** The seed that encrypted the incoming values: the archive's own, or this machine's. */
  seed: Uint8Array;
  seedFromArchive: boolean;
  /** pool_keys.json of the archive, already checked. */
  archivePoolKeys?: PoolKey[];
  /** Keep records whose secrets this seed cannot read, without those secrets. */
  discardSecrets?: boolean;
  /** Leave out records that break the rules instead of refusing the upload. */
  skipInvalid?: boolean;
}

/** How many invalid records a refusal names before it only counts the rest. */
const NAMED_IN_REFUSAL = 5;
const MAX_CHECK_MESSAGE = 500;

export function planReplacement(incoming: IncomingConfiguration, options: PlanOptions): ReplacementPlan {
  const cipher = new SeedCipher(options.seed, { readLegacy: true });
  const check = incoming.settings.get(SETTING_SEED_CHECK);
  const checkFits = typeof check !== 'string' || cipher.matchesCheck(check);
  if (!checkFits && options.seedFromArchive) throw new UserError("The archive's secret seed does not decrypt its own database: the archive is inconsistent.");

  const invalid: InvalidEntry[] = [];
  const unreadable: PlanEntry[] = [];
  const dropped: PlanEntry[] = [];
  const decrypt = (record: IncomingRecord, kind: RecordKindName): { attributes: Attributes; salvaged: boolean } | undefined => {
    const attributes = typeof record.attributes === 'string' ? decryptObject(cipher, record.attributes) : undefined;
    if (attributes) return { attributes, salvaged: false };
    const name = displayName(record.name);
    if (options.seedFromArchive || typeof record.attributes !== 'string') {
      invalid.push({ kind, name, reason: "its secrets do not decrypt with the archive's seed" });
      return undefined;
    }
    unreadable.push({ kind, name });
    const kept = parseObject(record.publicAttributes);
    if (!kept) {
      invalid.push({ kind, name, reason: 'its attributes are unreadable' });
      return undefined;
    }
    dropped.push({ kind, name });
    return { attributes: kept, salvaged: true };
  };

  const keypairIds = new Set<number>();
  const keychain: PlannedRecord[] = [];
  const keychainNames = new Set<string>();
  const ordered = [...incoming.keychain.filter((r) => r.type === SSH_KEY_PAIR), ...incoming.keychain.filter((r) => r.type !== SSH_KEY_PAIR)];
  for (const record of ordered) {
    const kind: RecordKindName = record.type === SSH_KEY_PAIR ? 'SSH keypair' : record.type === SSH_CREDENTIALS ? 'SSH connection' : 'keychain credential';
    const planned = planRecord(record, kind, keychainNames, invalid, decrypt, (attributes, salvaged) =>
      salvaged && record.type === SSH_KEY_PAIR ? { ok: true, attributes } : checkKeychainRecord(record.type, attributes, (reference) => keypairIds.has(Number(reference))),
    );
    if (!planned) continue;
    if (planned.type === SSH_KEY_PAIR) keypairIds.add(planned.id);
    keychain.push(planned);
  }

  const cloud: PlannedRecord[] = [];
  const cloudNames = new Set<string>();
  for (const record of incoming.cloud) {
    const planned = planRecord(record, 'cloud credential', cloudNames, invalid, decrypt, (attributes, salvaged) =>
      salvaged ? checkSalvagedCloud(record.type, attributes) : checkCloudRecord(record.type, attributes, (reference) => keypairIds.has(Number(reference))),
    );
    if (planned) cloud.push(planned);
  }

  const poolKeys = planPoolKeys(incoming, cipher, options, invalid, unreadable, dropped);
  const settings = planSettings(incoming, invalid);
  const connectionIds = new Set(keychain.filter((record) => record.type === SSH_CREDENTIALS).map((record) => record.id));
  const destinations = planDestinations(incoming, new Set(cloud.map((record) => record.id)), connectionIds, invalid);
  const recipients = planRecipients(incoming, invalid);

  if (unreadable.length > 0 && !options.discardSecrets) {
    throw new UserError(
      `This configuration was saved without its secret seed, and this machine's seed cannot read its secrets (${unreadable.length} record(s)). Upload a configuration saved with "Export Password Secret Seed", or keep the records without those secrets.`,
      { reason: 'secrets-unreadable' },
    );
  }
  if (invalid.length > 0 && !options.skipInvalid) throw invalidRecordsError(invalid);
  return { cloud, keychain, poolKeys, settings, destinations, recipients, dropped: options.discardSecrets ? dropped : [], skipped: invalid };
}

/** "3 records break the rules: cloud credential "a": unknown provider X; ... and 2 more." */
export function invalidRecordsError(invalid: readonly InvalidEntry[]): UserError {
  const named = invalid.slice(0, NAMED_IN_REFUSAL).map((entry) => `${entry.kind} ${quoted(entry.name)}: ${entry.reason.replace(/\.$/, '')}`);
  const more = invalid.length > NAMED_IN_REFUSAL ? `; and ${invalid.length - NAMED_IN_REFUSAL} more` : '';
  return new UserError(`${invalid.length} record(s) in the configuration break the rules: ${named.join('; ')}${more}.`, { reason: 'records-invalid' });
}

function planRecord(
  record: IncomingRecord,
  kind: RecordKindName,
  names: Set<string>,
  invalid: InvalidEntry[],
  decrypt: (record: IncomingRecord, kind: RecordKindName) => { attributes: Attributes; salvaged: boolean } | undefined,
  rules: (attributes: Attributes, salvaged: boolean) => RuleResult,
): PlannedRecord | undefined {
  const shown = displayName(record.name);
  const name = checkName(record.name, kind);
  if (!name.ok) {
    invalid.push({ kind, name: shown, reason: name.reason });
    return undefined;
  }
  if (!Number.isSafeInteger(record.id) || (record.id as number) < 1) {
    invalid.push({ kind, name: shown, reason: 'its id is not a positive whole number' });
    return undefined;
  }
  if (names.has(name.name)) {
    invalid.push({ kind, name: shown, reason: 'a second record with this name' });
    return undefined;
  }
  const decrypted = decrypt(record, kind);
  if (!decrypted) return undefined;
  const checked = rules(decrypted.attributes, decrypted.salvaged);
  if (!checked.ok) {
    invalid.push({ kind, name: shown, reason: checked.reason });
    return undefined;
  }
  names.add(name.name);
  const unchanged = !decrypted.salvaged && checked.attributes === decrypted.attributes && typeof record.attributes === 'string' && isAuthenticated(record.attributes);
  return {
    id: record.id as number,
    name: name.name,
    type: String(record.type),
    attributes: checked.attributes,
    ...(unchanged ? { encrypted: record.attributes as string } : {}),
    check: decrypted.salvaged ? null : checkResultOf(record),
  };
}

/** A credential kept without its secrets: its provider must be known; its secrets are gone on purpose. */
function checkSalvagedCloud(provider: unknown, attributes: Attributes): RuleResult {
  return checkProvider(provider) ?? { ok: true, attributes };
}

function planPoolKeys(incoming: IncomingConfiguration, cipher: SeedCipher, options: PlanOptions, invalid: InvalidEntry[], unreadable: PlanEntry[], dropped: PlanEntry[]): PoolKey[] {
  const keys = new Map<string, string>();
  for (const row of incoming.poolKeys) {
    const dataset = displayName(row.dataset);
    const plain = typeof row.encryptedKey === 'string' ? cipher.tryDecrypt(row.encryptedKey) : undefined;
    if (plain === undefined) {
      if (options.seedFromArchive) invalid.push({ kind: 'pool key', name: dataset, reason: "it does not decrypt with the archive's seed" });
      else {
        unreadable.push({ kind: 'pool key', name: dataset });
        dropped.push({ kind: 'pool key', name: dataset });
      }
      continue;
    }
    try {
      const [key] = validatePoolKeys({ [String(row.dataset)]: plain });
      keys.set(key!.dataset, key!.key);
    } catch (error) {
      invalid.push({ kind: 'pool key', name: dataset, reason: (error as Error).message });
    }
  }
  for (const key of options.archivePoolKeys ?? []) keys.set(key.dataset, key.key);
  return [...keys].map(([dataset, key]) => ({ dataset, key }));
}

/** Settings the store knows, checked; the rest (and our own bookkeeping rows) are not carried over. */
function planSettings(incoming: IncomingConfiguration, invalid: InvalidEntry[]): Record<string, string> {
  const settings: Record<string, string> = {};
  const retention = incoming.settings.get(SETTING_BACKUP_RETENTION);
  if (retention !== undefined) {
    try {
      settings[SETTING_BACKUP_RETENTION] = String(checkRetention(Number(retention)));
    } catch (error) {
      invalid.push({ kind: 'setting', name: SETTING_BACKUP_RETENTION, reason: (error as Error).message });
    }
  }
  return settings;
}

/** Destinations that name a credential or connection coming in too, with a path and a retention the rules accept. */
function planDestinations(incoming: IncomingConfiguration, cloudIds: Set<number>, connectionIds: Set<number>, invalid: InvalidEntry[]): PlannedDestination[] {
  const planned: PlannedDestination[] = [];
  const names = new Set<string>();
  for (const row of incoming.destinations) {
    const shown = displayName(row.name);
    const reject = (reason: string) => invalid.push({ kind: 'backup destination', name: shown, reason });
    const name = checkName(row.name, 'backup destination');
    if (!name.ok) {
      reject(name.reason);
      continue;
    }
    if (names.has(name.name)) {
      reject('a second destination with this name');
      continue;
    }
    const cloudId = row.cloud_credential_id === null ? null : Number(row.cloud_credential_id);
    const sshId = row.ssh_connection_id === null ? null : Number(row.ssh_connection_id);
    if ((cloudId === null) === (sshId === null) || (cloudId !== null && !cloudIds.has(cloudId)) || (sshId !== null && !connectionIds.has(sshId))) {
      reject('the cloud credential or SSH connection it names is not in the configuration');
      continue;
    }
    try {
      const path = checkDestinationPath(typeof row.path === 'string' ? row.path : '', sshId !== null);
      const keep = checkKeep(Number(row.keep));
      names.add(name.name);
      const lastAt = isoTime(row.last_at);
      planned.push({
        name: name.name,
        cloudCredentialId: cloudId,
        sshConnectionId: sshId,
        path,
        keep,
        lastPush: lastAt && (row.last_ok === 0 || row.last_ok === 1) ? { ok: row.last_ok === 1, message: textOrNull(row.last_message), at: lastAt, file: textOrNull(row.last_file) } : null,
        pushedSha256: typeof row.pushed_sha256 === 'string' && /^[0-9a-f]{64}$/.test(row.pushed_sha256) ? row.pushed_sha256 : null,
        createdAt: isoTime(row.created_at),
      });
    } catch (error) {
      reject((error as Error).message);
    }
  }
  return planned;
}

function planRecipients(incoming: IncomingConfiguration, invalid: InvalidEntry[]): ReplacementPlan['recipients'] {
  const seen = new Set<string>();
  const planned: ReplacementPlan['recipients'] = [];
  for (const row of incoming.recipients) {
    const recipient = typeof row.recipient === 'string' ? row.recipient.trim().toLowerCase() : '';
    if (!X25519_RECIPIENT.test(recipient)) {
      invalid.push({ kind: 'backup recipient', name: displayName(row.recipient), reason: 'not an age X25519 recipient' });
      continue;
    }
    if (seen.has(recipient)) continue;
    seen.add(recipient);
    const label = textOrNull(row.label);
    planned.push({ recipient, label: label && checkName(label, 'label').ok ? label : null, createdAt: isoTime(row.created_at) });
  }
  return planned;
}

function isoTime(value: unknown): string | null {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : null;
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value.slice(0, MAX_CHECK_MESSAGE) : null;
}

function checkResultOf(record: IncomingRecord): PlannedRecord['check'] {
  const at = isoTime(record.checkedAt);
  if (at === null || (record.checkOk !== 0 && record.checkOk !== 1)) return null;
  return { ok: record.checkOk === 1, message: textOrNull(record.checkMessage), at };
}

function decryptObject(cipher: SeedCipher, value: string): Attributes | undefined {
  const plain = cipher.tryDecrypt(value);
  return plain === undefined ? undefined : parseObject(plain);
}

function parseObject(value: unknown): Attributes | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Attributes) : undefined;
  } catch {
    return undefined;
  }
}

/** A name as the refusal shows it, whatever type it had; `quoted` escapes it when printed. */
function displayName(name: unknown): string {
  if (typeof name === 'string') return name.slice(0, 200);
  return name === null ? '(no name)' : `(a ${Buffer.isBuffer(name) ? 'blob' : typeof name} instead of a name)`;
}
