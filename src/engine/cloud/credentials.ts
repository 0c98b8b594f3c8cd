import { UserError, errorMessage } from '../../common/errors.js';
import { quoted } from '../../common/printable.js';
import type { Cancellable } from '../abortable.js';
import { refuseIfUsedByDestinations } from '../offsite/inUse.js';
import { validateRecordName } from '../store/encryptedRecords.js';
import type { CheckResult, Store, StoredRecord } from '../store/index.js';
import { findProvider, providers, type Attributes, type ProviderDefinition } from '../../providers/index.js';
import type { GenerateKeypairOptions } from '../ssh/index.js';
import { GENERATED_KEYPAIR_PLACEHOLDER, maskAttributes, prepareAttributes, type FieldProblems, type PrepareOptions } from './attributes.js';
import { generateCredentialKeypair, resolveKeypairReference, storeCredentialKeypair, type KeypairOption } from './credentialKeypairs.js';
import { valuesFingerprint } from './valuesFingerprint.js';

/**
 * Cloud credentials: what the `cloud` commands and the Cloud Credentials screen do. The rules
 * (validation, keep-existing secrets, keypairs for SFTP, unique names) live here; the store
 * encrypts and audits.
 */

export interface CloudCredentialSummary {
  id: number;
  name: string;
  provider: string;
  providerLabel: string;
  lastCheck: CheckResult | null;
}

export interface CloudCredentialDetails extends CloudCredentialSummary {
  /** Secrets replaced by SECRET_MASK unless revealed. */
  attributes: Attributes;
  /** Keys of the attributes that are masked. */
  hidden: string[];
  /** Keys of the secret attributes that hold a value, masked or revealed. */
  secrets: string[];
  /** SFTP: the keypair its private_key names (null when none, or it is gone). */
  keypair: KeypairOption | null;
  updatedAt: string;
}

export interface CloudCredentialInput {
  name: string;
  provider: string;
  /** As given: form text, an attributes file. See prepareAttributes for what is accepted. */
  attributes: Attributes;
  /** SFTP "Generate New": a keypair named after the credential becomes its private key. */
  generateKeypair?: boolean | GenerateKeypairOptions;
}

export interface CloudCredentialChange {
  name?: string;
  /** Only the keys to change; a secret left empty keeps the stored one, null removes a value. */
  attributes?: Attributes;
  generateKeypair?: boolean | GenerateKeypairOptions;
}

export interface CloudCredentialCheck {
  /** Attribute key (or `name`) → message: the credential cannot be saved while there are any. */
  errors: FieldProblems;
  warnings: FieldProblems;
  /** What would be stored (a generated keypair still a placeholder). */
  attributes: Attributes;
}

export interface CloudCredentialSaved {
  credential: CloudCredentialDetails;
  warnings: FieldProblems;
  keypairCreated: KeypairOption | null;
}

/**
 * A verify result to record with a save, for the values it was reached on (their
 * `valuesFingerprint`): recorded only when those are exactly the values written.
 */
export interface SaveVerdict {
  readonly fingerprint: string;
  readonly ok: boolean;
  readonly message: string | null;
  /** A token rclone refreshed while verifying: stored in place of the one given. */
  readonly refreshedToken?: string;
}

/** `signal`: aborting drops a keypair being generated for the credential; nothing is stored. */
export interface SaveOptions extends Cancellable {
  readonly verdict?: SaveVerdict;
}

/** Refused attributes: the message lists them all; `errors` has them per field for a form. */
export class CloudCredentialInvalid extends UserError {
  constructor(readonly errors: FieldProblems) {
    super(Object.values(errors).join(' '));
    this.name = 'CloudCredentialInvalid';
  }
}

/** Each provider's id and label, so that 100,000 rows share a handful of strings instead of holding a copy each. */
const providerNames = new Map(providers.map((provider) => [provider.id, { id: provider.id, label: provider.label }]));

type SummaryRow = [id: number, name: string, provider: string, checkOk: number | null, checkMessage: string | null, checkedAt: string | null];

/**
 * Every credential, by name, without decrypting anything. Reads only the columns a list shows
 * (in the store's order): with 10,000 credentials the encrypted attributes and the public ones
 * would be megabytes read and parsed for nothing, on every reload of the screen. Rows are taken
 * one at a time (no array of all the raw rows beside the summaries): at 100,000 credentials
 * that halves the memory the list peaks at.
 */
export function listCloudCredentials(store: Store): CloudCredentialSummary[] {
  const rows = store.db.prepare('SELECT id, name, provider, check_ok, check_message, checked_at FROM cloud_credentials ORDER BY name COLLATE NOCASE').raw();
  const summaries: CloudCredentialSummary[] = [];
  for (const [id, name, provider, checkOk, checkMessage, checkedAt] of rows.iterate() as IterableIterator<SummaryRow>) {
    const known = providerNames.get(provider);
    summaries.push({
      id,
      name,
      provider: known?.id ?? provider,
      providerLabel: known?.label ?? provider,
      lastCheck: checkedAt ? { ok: checkOk === 1, message: checkMessage, at: checkedAt } : null,
    });
  }
  return summaries;
}

export function getCloudCredential(store: Store, nameOrId: string | number): StoredRecord {
  return store.cloudCredentials.get(nameOrId);
}

export function cloudCredentialDetails(store: Store, nameOrId: string | number, options: { reveal?: boolean } = {}): CloudCredentialDetails {
  const record = getCloudCredential(store, nameOrId);
  const provider = providerOrUndefined(record.type);
  const { attributes, hidden, secrets } = maskAttributes(provider, record.attributes, options.reveal ?? false);
  return {
    id: record.id,
    name: record.name,
    provider: record.type,
    providerLabel: provider?.label ?? record.type,
    lastCheck: record.lastCheck,
    attributes,
    hidden,
    secrets,
    keypair: keypairOf(store, provider, record.attributes),
    updatedAt: record.updatedAt,
  };
}

/** The problems a new or changed credential has, for a form to show at its fields. */
export function checkCloudCredential(store: Store, input: CloudCredentialInput, options: { existingId?: number } = {}): CloudCredentialCheck {
  const provider = findProvider(input.provider);
  const current = options.existingId === undefined ? undefined : store.cloudCredentials.get(options.existingId);
  const prepared = prepareAttributes(provider, input.attributes, {
    ...(current ? { current: current.attributes } : {}),
    ...keypairOption(store, provider, input.attributes, input.generateKeypair),
  });
  const nameProblem = cloudNameProblem(store, input.name, options.existingId);
  const errors: FieldProblems = nameProblem ? { name: nameProblem, ...prepared.errors } : prepared.errors;
  return { errors, warnings: prepared.warnings, attributes: prepared.attributes };
}

export async function addCloudCredential(store: Store, input: CloudCredentialInput, options: SaveOptions = {}): Promise<CloudCredentialSaved> {
  const checked = checkCloudCredential(store, input);
  if (Object.keys(checked.errors).length > 0) throw new CloudCredentialInvalid(checked.errors);
  const keypair = input.generateKeypair ? await generateCredentialKeypair(input.name.trim(), keypairGenerateOptions(input.generateKeypair), options.signal) : undefined;
  let keypairCreated: KeypairOption | null = null;
  const id = store.write(() => {
    const verdict = applicableVerdict(input.provider, checked.attributes, options.verdict, keypair !== undefined);
    const attributes = withVerdictToken(checked.attributes, verdict);
    if (keypair) {
      keypairCreated = storeCredentialKeypair(store, input.name.trim(), keypair);
      attributes.private_key = keypairCreated.id;
    }
    const record = store.cloudCredentials.create(input.name, input.provider, attributes);
    if (verdict) store.cloudCredentials.recordCheck(record.id, verdict.ok, verdict.message);
    return record.id;
  });
  return { credential: cloudCredentialDetails(store, id), warnings: checked.warnings, keypairCreated };
}

export async function editCloudCredential(store: Store, nameOrId: string | number, change: CloudCredentialChange, options: SaveOptions = {}): Promise<CloudCredentialSaved> {
  const current = getCloudCredential(store, nameOrId);
  const before = checkCloudCredential(store, editInput(current, change), { existingId: current.id });
  if (Object.keys(before.errors).length > 0) throw new CloudCredentialInvalid(before.errors);
  const keypair = change.generateKeypair ? await generateCredentialKeypair((change.name ?? current.name).trim(), keypairGenerateOptions(change.generateKeypair), options.signal) : undefined;
  let keypairCreated: KeypairOption | null = null;
  let warnings: FieldProblems = {};
  store.write(() => {
    // Read and checked again inside the write: the change applies to what is stored now (a
    // secret left empty keeps the one stored now; another process's edit of another field stays).
    const stored = store.cloudCredentials.get(current.id);
    const name = change.name ?? stored.name;
    const checked = checkCloudCredential(store, editInput(stored, change), { existingId: current.id });
    if (Object.keys(checked.errors).length > 0) throw new CloudCredentialInvalid(checked.errors);
    warnings = checked.warnings;
    const verdict = applicableVerdict(current.type, checked.attributes, options.verdict, keypair !== undefined);
    const attributes = withVerdictToken(checked.attributes, verdict);
    if (keypair) {
      keypairCreated = storeCredentialKeypair(store, name.trim(), keypair);
      attributes.private_key = keypairCreated.id;
    }
    // Unchanged attributes and name: nothing to write, and the last check stays valid.
    if (name.trim() !== stored.name || !sameAttributes(attributes, stored.attributes)) store.cloudCredentials.update(current.id, { name, attributes });
    if (verdict) store.cloudCredentials.recordCheck(current.id, verdict.ok, verdict.message);
  });
  return { credential: cloudCredentialDetails(store, current.id), warnings, keypairCreated };
}

/** What an edit checks: the stored credential's provider, the changed keys. */
export function editInput(current: Pick<StoredRecord, 'name' | 'type'>, change: CloudCredentialChange): CloudCredentialInput {
  return { name: change.name ?? current.name, provider: current.type, attributes: change.attributes ?? {}, ...(change.generateKeypair ? { generateKeypair: change.generateKeypair } : {}) };
}

/**
 * The verdict when it is about exactly the values about to be written: the checked attributes
 * it was reached on, and no keypair generated since (that one has not been tried anywhere).
 */
function applicableVerdict(provider: string, checked: Attributes, verdict: SaveVerdict | undefined, keypairGenerated: boolean): SaveVerdict | undefined {
  return verdict && !keypairGenerated && verdict.fingerprint === valuesFingerprint(provider, checked) ? verdict : undefined;
}

/** Some providers rotate refresh tokens: the one rclone refreshed while verifying is the one to keep. */
function withVerdictToken(attributes: Attributes, verdict: SaveVerdict | undefined): Attributes {
  return verdict?.refreshedToken === undefined ? { ...attributes } : { ...attributes, token: verdict.refreshedToken };
}

export function deleteCloudCredential(store: Store, nameOrId: string | number): { id: number; name: string } {
  return store.write(() => {
    const record = getCloudCredential(store, nameOrId);
    refuseIfUsedByDestinations(store, { cloudCredentialId: record.id }, `Cloud credential ${quoted(record.name)}`);
    store.cloudCredentials.remove(record.id);
    return { id: record.id, name: record.name };
  });
}

/** Why this name cannot be used for a (new, or the `existingId`) credential, or undefined. */
export function cloudNameProblem(store: Store, name: string, existingId?: number): string | undefined {
  let clean: string;
  try {
    clean = validateRecordName(name, 'cloud credential');
  } catch (error) {
    return errorMessage(error);
  }
  const taken = store.cloudCredentials.find(clean);
  if (taken && taken.id !== existingId) return `A cloud credential named ${quoted(clean)} already exists.`;
  return undefined;
}

function keypairOption(store: Store, provider: ProviderDefinition, given: Attributes, generate: CloudCredentialInput['generateKeypair']): Pick<PrepareOptions, 'keypair'> {
  const field = provider.fields.find((candidate) => candidate.type === 'keypair');
  if (!field) return {};
  if (generate) return { keypair: { generate: true } };
  const value = given[field.key];
  if (value === undefined || value === null || value === '') return {};
  return { keypair: resolveKeypairReference(store, value) };
}

function keypairGenerateOptions(generate: CloudCredentialInput['generateKeypair']): GenerateKeypairOptions {
  return typeof generate === 'object' ? generate : {};
}

function keypairOf(store: Store, provider: ProviderDefinition | undefined, attributes: Attributes): KeypairOption | null {
  const field = provider?.fields.find((candidate) => candidate.type === 'keypair');
  const id = field ? attributes[field.key] : undefined;
  if (typeof id !== 'number' || id === GENERATED_KEYPAIR_PLACEHOLDER) return null;
  const record = store.keychain.find(id);
  return record && record.type === 'SSH_KEY_PAIR' ? { id: record.id, name: record.name } : null;
}

function providerOrUndefined(id: string): ProviderDefinition | undefined {
  return providers.find((provider) => provider.id === id);
}

function sameAttributes(a: Attributes, b: Attributes): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}
