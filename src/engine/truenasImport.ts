import { UserError } from '../common/errors.js';
import { printable } from '../common/printable.js';
import { findKeypairByFingerprint } from './keychain/keypairs.js';
import { SeedCipher, SEED_BYTES } from './seedCipher.js';
import { describeKey } from './ssh/index.js';
import type { Attributes, Store } from './store/index.js';
import { validateRecordName } from './store/encryptedRecords.js';
import { isPoolKey, type PoolKey } from './store/poolKeyTable.js';
import { invalidRecordsError, type InvalidEntry, type RecordKindName } from './restore/plan.js';
import { checkCloudRecord, checkConnectionRecord, checkKeypairRecord, type RuleResult } from './restore/recordRules.js';
import { isSqliteDatabase, readTrueNasArchive } from './truenasConfig/archive.js';
import { readTrueNasRows, type TrueNasRows } from './truenasConfig/database.js';

/** Why a record whose name is taken was skipped (importing it renamed is the caller's offer). */
export const NAME_TAKEN = 'a record with this name already exists';

/** The bytes of a CORE GELI key file (`dd if=/dev/random bs=64 count=1`). */
const GELI_KEY_BYTES = 64;

export interface TrueNasImportOptions {
  /** The seed given apart: needed for a bare database; for a tar it is used instead of the tar's own. */
  seed?: Buffer;
  /** On a name that already exists: false = skip and report, true = import under a new name. */
  rename?: boolean;
  /** Which provider ids this nasconsole knows (src/providers). */
  isKnownProvider: (provider: string) => boolean;
  /** Leave out (and list) the records that break the rules of add and edit, instead of refusing the import. */
  skipInvalid?: boolean;
}

type ImportedKind = 'cloud credential' | 'SSH keypair' | 'SSH connection' | 'pool key';

export interface ImportReport {
  imported: { kind: ImportedKind; name: string; from: string }[];
  /** Already in the store (the same SSH key, the same pool key): what refers to it links to ours. */
  linked: { kind: 'SSH keypair' | 'pool key'; name: string; from: string }[];
  skipped: { kind: string; name: string; reason: string }[];
  /** Archive members that hold nothing imported here (authorized_keys files, directories...). */
  ignoredMembers: string[];
  /** Which seed decrypted the database: the archive's pwenc_secret, or the one given apart. */
  seed: 'archive' | 'given';
  notes: string[];
}

/** What the configuration file holds, read and decrypted: nothing written yet. */
interface TrueNasConfiguration extends TrueNasRows {
  geliKeys: Map<string, Buffer>;
  ignoredMembers: string[];
  seed: ImportReport['seed'];
  notes: string[];
}

/**
 * Brings cloud credentials, SSH keypairs and connections and pool keys in from a TrueNAS
 * configuration: its tar (freenas-v1.db, pwenc_secret, CORE's geli/*.key, and whatever else it
 * holds, listed) or a bare freenas-v1.db with its seed. Read rows, map them to our records,
 * write them in one transaction: every row is decrypted before anything is written.
 */
export async function importTrueNas(store: Store, fileBytes: Buffer, options: TrueNasImportOptions): Promise<ImportReport> {
  const configuration = await readTrueNasConfiguration(fileBytes, options.seed);
  return writeImport(store, configuration, options);
}

async function readTrueNasConfiguration(bytes: Buffer, givenSeed?: Buffer): Promise<TrueNasConfiguration> {
  if (isSqliteDatabase(bytes)) {
    if (!givenSeed) throw new UserError('A bare TrueNAS database needs its secret seed (pwenc_secret).', { reason: 'seed-required' });
    const rows = readTrueNasRows(bytes, new SeedCipher(checkSeed(givenSeed)));
    return { ...rows, geliKeys: new Map(), ignoredMembers: [], seed: 'given', notes: [] };
  }
  const archive = await readTrueNasArchive(bytes);
  const notes: string[] = [];
  let seed: Buffer;
  let source: ImportReport['seed'];
  if (givenSeed) {
    seed = givenSeed;
    source = 'given';
    if (archive.seed && !archive.seed.equals(givenSeed)) notes.push('The archive holds its own pwenc_secret, which differs from the seed given: the seed given was used.');
    else if (archive.seed) source = 'archive';
  } else if (archive.seed) {
    seed = archive.seed;
    source = 'archive';
  } else {
    throw new UserError('This TrueNAS configuration was saved without its secret seed, so its credentials cannot be decrypted: save it again with "Export Password Secret Seed", or give its pwenc_secret.', { reason: 'seed-required' });
  }
  const rows = readTrueNasRows(archive.database, new SeedCipher(checkSeed(seed)));
  return { ...rows, geliKeys: archive.geliKeys, ignoredMembers: archive.ignored, seed: source, notes };
}

function checkSeed(seed: Buffer): Buffer {
  if (seed.length !== SEED_BYTES) throw new UserError(`The secret seed is ${seed.length} bytes; a TrueNAS pwenc_secret has ${SEED_BYTES}.`);
  return seed;
}

function writeImport(store: Store, configuration: TrueNasConfiguration, options: TrueNasImportOptions): ImportReport {
  const report: ImportReport = { imported: [], linked: [], skipped: [], ignoredMembers: configuration.ignoredMembers, seed: configuration.seed, notes: configuration.notes };
  const keypairIds = new Map<number, number>(); // TrueNAS keypair id -> our id
  // The rules of add and edit, for every record: what breaks them refuses the import (listed),
  // or is left out and listed when asked. References to keypairs are checked below.
  const invalid: InvalidEntry[] = [];
  const checked = (kind: RecordKindName, name: string, result: RuleResult): Attributes | undefined => {
    if (result.ok) return result.attributes;
    invalid.push({ kind, name, reason: result.reason });
    report.skipped.push({ kind, name, reason: result.reason });
    return undefined;
  };
  const anyKeypair = () => true;
  const nameFor = (kind: string, name: string, exists: (n: string) => boolean): string | undefined => {
    let clean: string;
    try {
      clean = validateRecordName(name, kind);
    } catch (error) {
      checked(kind as RecordKindName, name, { ok: false, reason: (error as Error).message });
      return undefined;
    }
    if (!exists(clean)) return clean;
    if (!options.rename) {
      report.skipped.push({ kind, name, reason: NAME_TAKEN });
      return undefined;
    }
    for (let n = 2; ; n++) if (!exists(`${clean} (${n})`)) return `${clean} (${n})`;
  };
  const keychainExists = (name: string) => store.keychain.find(name) !== undefined;
  const cloudExists = (name: string) => store.cloudCredentials.find(name) !== undefined;
  const { keychain, cloud } = configuration;

  store.write(() => {
    for (const row of keychain.filter((r) => r.kind === 'SSH_KEY_PAIR')) {
      const existing = sameKeyStored(store, row.attributes);
      if (existing) {
        keypairIds.set(row.id, existing.id);
        report.linked.push({ kind: 'SSH keypair', name: existing.name, from: row.name });
        continue;
      }
      const attributes = checked('SSH keypair', row.name, checkKeypairRecord(withPublicKey(row.attributes)));
      if (!attributes) continue;
      const name = nameFor('SSH keypair', row.name, keychainExists);
      if (!name) continue;
      const created = store.keychain.create(name, 'SSH_KEY_PAIR', attributes);
      keypairIds.set(row.id, created.id);
      report.imported.push({ kind: 'SSH keypair', name, from: row.name });
    }
    for (const row of keychain.filter((r) => r.kind !== 'SSH_KEY_PAIR')) {
      if (row.kind !== 'SSH_CREDENTIALS') {
        report.skipped.push({ kind: 'keychain credential', name: row.name, reason: `unknown type ${row.kind}` });
        continue;
      }
      const keypair = keypairIds.get(Number(row.attributes.private_key));
      if (keypair === undefined) {
        report.skipped.push({ kind: 'SSH connection', name: row.name, reason: 'its keypair was not imported' });
        continue;
      }
      const attributes = checked('SSH connection', row.name, checkConnectionRecord({ ...row.attributes, private_key: keypair }, anyKeypair));
      if (!attributes) continue;
      const name = nameFor('SSH connection', row.name, keychainExists);
      if (!name) continue;
      store.keychain.create(name, 'SSH_CREDENTIALS', attributes);
      report.imported.push({ kind: 'SSH connection', name, from: row.name });
    }
    for (const row of cloud) {
      if (!options.isKnownProvider(row.kind)) {
        report.skipped.push({ kind: 'cloud credential', name: row.name, reason: `provider ${row.kind || '(none)'} is not supported` });
        continue;
      }
      const attributes = { ...row.attributes };
      if (row.kind === 'SFTP' && attributes.private_key !== undefined && attributes.private_key !== null && attributes.private_key !== '') {
        const keypair = keypairIds.get(Number(attributes.private_key));
        if (keypair === undefined) {
          report.skipped.push({ kind: 'cloud credential', name: row.name, reason: 'its SSH keypair was not imported' });
          continue;
        }
        attributes.private_key = keypair;
      }
      const valid = checked('cloud credential', row.name, checkCloudRecord(row.kind, attributes, anyKeypair));
      if (!valid) continue;
      const name = nameFor('cloud credential', row.name, cloudExists);
      if (!name) continue;
      store.cloudCredentials.create(name, row.kind, valid);
      report.imported.push({ kind: 'cloud credential', name, from: row.name });
    }
    if (invalid.length > 0 && !options.skipInvalid) throw invalidRecordsError(invalid);
    writePoolKeys(store, poolKeysOf(configuration, report), report);
    store.audit.record('import', 'truenas', null, `${report.imported.length} imported, ${report.linked.length} linked, ${report.skipped.length} skipped`);
  });
  return report;
}

/** The stored keypair holding the same key as a TrueNAS keypair row, if any. */
function sameKeyStored(store: Store, attributes: Attributes): { id: number; name: string } | undefined {
  const { public_key: publicKey, private_key: privateKey } = attributes;
  const text = typeof publicKey === 'string' && publicKey.trim() ? publicKey : privateKey;
  let fingerprint: string;
  try {
    fingerprint = describeKey(String(text ?? '')).fingerprint;
  } catch {
    return undefined; // a key we cannot read matches nothing: it is imported as it is
  }
  return findKeypairByFingerprint(store, fingerprint);
}

interface PoolKeyCandidate extends PoolKey {
  /** Where it came from: a geli/ member or the database's dataset table. */
  from: string;
}

/**
 * The pool keys a configuration holds: CORE's GELI keys (named after their pool, found by its
 * encryptkey) and the dataset keys TrueNAS keeps in its database (ZFS native encryption).
 */
function poolKeysOf(configuration: TrueNasConfiguration, report: ImportReport): PoolKeyCandidate[] {
  const keys: PoolKeyCandidate[] = [];
  for (const [encryptKey, bytes] of configuration.geliKeys) {
    const from = `geli/${encryptKey}.key`;
    const pool = configuration.poolByEncryptKey.get(encryptKey);
    if (bytes.length !== GELI_KEY_BYTES) {
      report.skipped.push({ kind: 'pool key', name: from, reason: `it is ${bytes.length} bytes; a GELI key file has ${GELI_KEY_BYTES}` });
      continue;
    }
    if (!pool) report.notes.push(`No pool in the database uses ${printable(from)}: its key is stored under the name ${printable(encryptKey)}.`);
    keys.push({ dataset: pool ?? encryptKey, key: bytes.toString('hex'), from });
  }
  for (const { dataset, key } of configuration.datasetKeys) {
    const from = `dataset ${dataset}`;
    if (key === null) report.skipped.push({ kind: 'pool key', name: dataset, reason: 'its key is kept in a KMIP server, not in the configuration' });
    else keys.push({ dataset, key: key.trim().toLowerCase(), from });
  }
  return keys;
}

function writePoolKeys(store: Store, candidates: PoolKeyCandidate[], report: ImportReport): void {
  const stored = new Map(store.poolKeys.list().map((entry) => [entry.dataset, entry.key]));
  const accepted: PoolKey[] = [];
  for (const { dataset, key, from } of candidates) {
    if (!isPoolKey({ dataset, key })) {
      report.skipped.push({ kind: 'pool key', name: dataset, reason: 'it is not a dataset name with a hexadecimal key' });
    } else if (stored.get(dataset) === key) {
      report.linked.push({ kind: 'pool key', name: dataset, from });
    } else if (stored.has(dataset)) {
      report.skipped.push({ kind: 'pool key', name: dataset, reason: 'a different key for this dataset is stored' });
    } else {
      accepted.push({ dataset, key });
      stored.set(dataset, key);
      report.imported.push({ kind: 'pool key', name: dataset, from });
    }
  }
  if (accepted.length > 0) store.poolKeys.import(accepted);
}

/** TrueNAS may keep a keypair without its public key: ours always has it, derived from the private one. */
function withPublicKey(attributes: Attributes): Attributes {
  if (typeof attributes.public_key === 'string' && attributes.public_key.trim()) return attributes;
  try {
    return { ...attributes, public_key: describeKey(String(attributes.private_key ?? '')).publicKey };
  } catch {
    return attributes; // the rules say what is wrong with it
  }
}
