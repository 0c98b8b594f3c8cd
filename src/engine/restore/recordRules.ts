import { errorMessage } from '../../common/errors.js';
import { providers, type Attributes } from '../../providers/index.js';
import { prepareAttributes } from '../cloud/attributes.js';
import { checkConnectTimeout } from '../keychain/connections.js';
import { SSH_CREDENTIALS, SSH_KEY_PAIR } from '../keychain/records.js';
import { formatRemoteHostKey, parseRemoteHostKey } from '../ssh/hostKeys.js';
import { opensshPublicBlob } from '../ssh/opensshPrivateKey.js';
import { readUnencryptedPrivateKey } from '../ssh/privateKeyReader.js';
import { parsePublicKeyLine } from '../ssh/publicKey.js';
import { checkTarget, checkUsername, DEFAULT_SSH_PORT } from '../ssh/sshTarget.js';
import { validateRecordName } from '../store/encryptedRecords.js';

/**
 * The rules a record must meet to enter the store from outside (an upload, a restore, a
 * TrueNAS import): the same ones add and edit apply, so that nothing gets in by a side door
 * that the form or the CLI would refuse. Each check returns the record as it will be stored
 * (normalized), or the reason it cannot be.
 */
export type RuleResult = { ok: true; attributes: Attributes } | { ok: false; reason: string };

/** Resolves a keypair reference of the incoming data to whether that keypair is coming in too. */
export type KeypairLookup = (reference: unknown) => boolean;

const providerById = new Map(providers.map((provider) => [provider.id, provider]));

export function checkName(name: unknown, noun: string): { ok: true; name: string } | { ok: false; reason: string } {
  try {
    return { ok: true, name: validateRecordName(name, noun) };
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
}

/** A provider this version knows, whatever the attributes (a record kept without its secrets). */
export function checkProvider(provider: unknown): RuleResult | undefined {
  return typeof provider === 'string' && providerById.has(provider) ? undefined : unknownProvider(provider);
}

function unknownProvider(provider: unknown): RuleResult {
  return { ok: false, reason: `unknown provider ${JSON.stringify(String(provider)).slice(0, 60)}` };
}

/**
 * A cloud credential: a known provider, and attributes its form would accept. What is stored
 * is what came in (a restore is faithful: no defaults filled, nothing normalized away).
 */
export function checkCloudRecord(provider: unknown, attributes: Attributes, hasKeypair: KeypairLookup): RuleResult {
  const definition = typeof provider === 'string' ? providerById.get(provider) : undefined;
  if (!definition) return unknownProvider(provider);
  const keypairField = definition.fields.find((field) => field.type === 'keypair');
  const reference = keypairField ? attributes[keypairField.key] : undefined;
  const hasReference = reference !== undefined && reference !== null && reference !== '';
  if (hasReference && !hasKeypair(reference)) return { ok: false, reason: 'its SSH keypair is not in the configuration' };
  const prepared = prepareAttributes(definition, attributes, hasReference ? { keypair: { id: Number(reference) } } : {});
  const problems = Object.values(prepared.errors);
  if (problems.length > 0) return { ok: false, reason: problems.join(' ') };
  return { ok: true, attributes };
}

/** A keypair: an unencrypted private key that parses, and the public key that belongs to it. */
export function checkKeypairRecord(attributes: Attributes): RuleResult {
  const { private_key: privateKey, public_key: publicKey } = attributes;
  if (typeof privateKey !== 'string' || typeof publicKey !== 'string') return { ok: false, reason: 'the private or public key is missing' };
  try {
    const blob = opensshPublicBlob(readUnencryptedPrivateKey(privateKey).key);
    if (!parsePublicKeyLine(publicKey).blob.equals(blob)) return { ok: false, reason: 'the public key does not belong to the private key' };
  } catch (error) {
    return { ok: false, reason: `the key does not read: ${errorMessage(error)}` };
  }
  return { ok: true, attributes: { private_key: privateKey, public_key: publicKey } };
}

/** A connection: host, port, user, timeout and host keys as add and edit accept them, and its keypair. */
export function checkConnectionRecord(attributes: Attributes, hasKeypair: KeypairLookup): RuleResult {
  try {
    const port = attributes.port === undefined ? DEFAULT_SSH_PORT : Number(attributes.port);
    const connectTimeout = checkConnectTimeout(attributes.connect_timeout === undefined ? undefined : Number(attributes.connect_timeout));
    const { host } = checkTarget({ host: typeof attributes.host === 'string' ? attributes.host : '', port, timeoutMs: connectTimeout * 1000 });
    const username = checkUsername(typeof attributes.username === 'string' ? attributes.username : '');
    const remoteHostKey = formatRemoteHostKey(parseRemoteHostKey(typeof attributes.remote_host_key === 'string' ? attributes.remote_host_key : ''));
    if (!hasKeypair(attributes.private_key)) return { ok: false, reason: 'its SSH keypair is not in the configuration' };
    // Attributes another system kept beside these (TrueNAS's `cipher`) stay as they were.
    return { ok: true, attributes: { ...attributes, host, port, username, private_key: attributes.private_key, remote_host_key: remoteHostKey, connect_timeout: connectTimeout } };
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
}

/** Dispatch on the keychain type, as the store names it. */
export function checkKeychainRecord(type: unknown, attributes: Attributes, hasKeypair: KeypairLookup): RuleResult {
  if (type === SSH_KEY_PAIR) return checkKeypairRecord(attributes);
  if (type === SSH_CREDENTIALS) return checkConnectionRecord(attributes, hasKeypair);
  return { ok: false, reason: `unknown keychain type ${JSON.stringify(String(type)).slice(0, 60)}` };
}
