import { listKeypairs, storedPrivateKey, storeKeypair } from '../keychain/keypairs.js';
import { freeKeychainName, getKeychainRecord, SSH_KEY_PAIR } from '../keychain/records.js';
import { generateKeypair, type GenerateKeypairOptions, type Keypair } from '../ssh/index.js';
import { UserError } from '../../common/errors.js';
import type { RcloneContext } from '../../providers/index.js';
import type { Store } from '../store/index.js';

/** An SSH keypair an SFTP credential can use: what the form's choice lists. */
export interface KeypairOption {
  id: number;
  name: string;
}

export function keypairOptions(store: Store): KeypairOption[] {
  return listKeypairs(store).map(({ id, name }) => ({ id, name }));
}

/** rclone's sftp key_pem comes from the store's keypair with that id. */
export function keypairResolver(store: Store): RcloneContext['resolveKeypair'] {
  return (id) => ({ privateKey: storedPrivateKey(getKeychainRecord(store, id, SSH_KEY_PAIR)) });
}

/**
 * The keypair a `private_key` value names: an id (a number, or digits), else a keypair's name
 * (attributes files are written by people). A problem message when there is none.
 */
export function resolveKeypairReference(store: Store, value: unknown): { id: number } | { problem: string } {
  if (typeof value !== 'number' && typeof value !== 'string') return { problem: 'Private Key ID must be the id or name of an SSH keypair.' };
  try {
    return { id: getKeychainRecord(store, typeof value === 'string' ? value.trim() : value, SSH_KEY_PAIR).id };
  } catch (error) {
    return { problem: `Private Key ID: ${error instanceof UserError ? error.message : 'no such SSH keypair.'}` };
  }
}

/** "Generate New": the key is made off the event loop; storing it is the caller's transaction. */
export function generateCredentialKeypair(credentialName: string, options: GenerateKeypairOptions = {}, signal?: AbortSignal): Promise<Keypair> {
  return generateKeypair({ comment: `nasconsole ${credentialName}`, ...options, signal });
}

/** Stores a keypair named after the credential (`name`, else `name-2`...): returns its id and name. */
export function storeCredentialKeypair(store: Store, credentialName: string, keypair: Keypair): KeypairOption {
  const stored = storeKeypair(store, freeKeychainName(store, credentialName), keypair);
  return { id: stored.id, name: stored.name };
}
