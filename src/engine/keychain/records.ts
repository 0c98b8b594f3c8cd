import { UserError } from '../../common/errors.js';
import { validateRecordName, type StoredRecord } from '../store/encryptedRecords.js';
import type { Store } from '../store/index.js';

/** Keychain record types, as the system we reimplement names them. */
export const SSH_KEY_PAIR = 'SSH_KEY_PAIR';
export const SSH_CREDENTIALS = 'SSH_CREDENTIALS';
/** The cloud provider whose credentials may point at a keypair (attribute `private_key`). */
export const SFTP_PROVIDER = 'SFTP';

export type KeychainType = typeof SSH_KEY_PAIR | typeof SSH_CREDENTIALS;

const NOUNS: Record<KeychainType, string> = { [SSH_KEY_PAIR]: 'SSH keypair', [SSH_CREDENTIALS]: 'SSH connection' };

export interface RecordRef {
  id: number;
  name: string;
}

/**
 * A keychain record of one type, by name (or by id: a number, or a name made of digits that
 * no record has). A record of the other type with that name is "not found" for this one.
 */
export function getKeychainRecord(store: Store, nameOrId: string | number, type: KeychainType): StoredRecord {
  let record = store.keychain.find(nameOrId);
  if (!record && typeof nameOrId === 'string' && /^\d+$/.test(nameOrId.trim())) record = store.keychain.find(Number(nameOrId));
  if (!record || record.type !== type) throw new UserError(`No ${NOUNS[type]} named ${JSON.stringify(String(nameOrId))}.`);
  return record;
}

/**
 * Checks a new record name before slow work (key generation, an SSH login) is done for it.
 * Keypairs and connections share one table, so one name space.
 */
export function checkNewKeychainName(store: Store, name: string, noun: string): string {
  const clean = validateRecordName(name, noun);
  const taken = store.keychain.find(clean);
  if (taken) {
    const what = taken.type === SSH_KEY_PAIR ? 'an SSH keypair' : taken.type === SSH_CREDENTIALS ? 'an SSH connection' : 'a keychain credential';
    throw new UserError(`The name ${JSON.stringify(clean)} is taken by ${what}: choose another.`);
  }
  return clean;
}

/** `base`, else `base-2`, `base-3`... whichever is free. */
export function freeKeychainName(store: Store, base: string): string {
  if (!store.keychain.find(base)) return base;
  for (let suffix = 2; ; suffix++) {
    const name = `${base}-${suffix}`;
    if (!store.keychain.find(name)) return name;
  }
}

export function refOf(record: { id: number; name: string }): RecordRef {
  return { id: record.id, name: record.name };
}

/** "a", "a and b", "a, b and c", quoted. */
export function nameList(refs: readonly RecordRef[]): string {
  const names = refs.map((ref) => JSON.stringify(ref.name));
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
