import { existsSync, readFileSync } from 'node:fs';
import { openDataStore, type DataStore } from '../../src/engine/dataStore.js';
import { sha256Hex } from '../../src/engine/fsSafe.js';
import { secretPolicy } from '../../src/engine/store/index.js';
import { generateKeyPairSync } from 'node:crypto';
import { encodeOpensshPrivateKey, opensshPublicBlob } from '../../src/engine/ssh/opensshPrivateKey.js';
import { formatPublicKeyLine } from '../../src/engine/ssh/publicKey.js';

/** A real Ed25519 keypair as the store keeps it (unencrypted OpenSSH private key, public key line). */
export function realKeypair(comment = 'nas'): { private_key: string; public_key: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    private_key: encodeOpensshPrivateKey(privateKey, comment),
    public_key: formatPublicKeyLine({ algorithm: 'ssh-ed25519', blob: opensshPublicBlob(privateKey), comment }),
  };
}

/** Host, port and user are public; everything else secret (the providers' real policy is tested elsewhere). */
export const testPolicy = secretPolicy((_provider, key) => !['host', 'port', 'user', 'endpoint'].includes(key));

export function openTestStore(dir: string): DataStore {
  return openDataStore(dir, testPolicy);
}

/** Adds a known set of records to a store. */
export function fillStore({ store }: DataStore): void {
  store.cloudCredentials.create('offsite-s3', 'S3', { access_key_id: 'AKIAEXAMPLE12', secret_access_key: 'wJalr/XUtnFEMI+K7MDENG=bPxRfiCY', endpoint: '' });
  store.cloudCredentials.create('ftp-box', 'FTP', { host: 'ftp.example.com', port: 21, user: 'nas', pass: 'ftp-pass-123' });
  store.keychain.create('nas-key', 'SSH_KEY_PAIR', realKeypair());
  store.poolKeys.import([{ dataset: 'tank/secure', key: 'ab'.repeat(32) }]);
}

/** Everything a store holds that a user would call its configuration, decrypted. */
export function contentsOf({ store }: DataStore) {
  return {
    cloud: store.cloudCredentials.decryptAll().map(({ name, type, attributes }) => ({ name, type, attributes })),
    keychain: store.keychain.decryptAll().map(({ name, type, attributes }) => ({ name, type, attributes })),
    poolKeys: store.poolKeys.list(),
  };
}

/** The keychain records (keypairs, connections) a data dir holds, decrypted; the store is closed again. */
export function storedKeychain(dataDir: string) {
  const data = openTestStore(dataDir);
  try {
    return contentsOf(data).keychain;
  } finally {
    data.store.close();
  }
}

/** A fingerprint of the files that make up a data dir's configuration. */
export function filesFingerprint({ paths }: DataStore): string {
  return [paths.database, `${paths.database}-wal`, paths.secret].map((path) => (existsSync(path) ? sha256Hex(readFileSync(path)) : '-')).join(',');
}
