// The SSH engine's public surface: keypairs (generate, import, describe, export) and the
// exchanger (host key discovery, semi-automatic setup, connection test).
export {
  authorizedKeysLine,
  describeKey,
  exportPrivateKey,
  generateKeypair,
  importKeypair,
  publicKeyOfPrivateKey,
  RSA_KEY_SIZES,
  type GeneratedKeyType,
  type GenerateKeypairOptions,
  type ImportKeypairInput,
  type KeyDescription,
  type Keypair,
  type PrivateKeyExportFormat,
  type RsaKeySize,
} from './keys.js';
export { isPassphraseProtected } from './privateKeyReader.js';
export {
  discoverHostKeys,
  openPinnedKeySession,
  semiAutomaticSetup,
  testConnection,
  type DiscoverHostKeysOptions,
  type SemiAutomaticSetupOptions,
  type SemiAutomaticSetupResult,
  type TestConnectionOptions,
  type TestConnectionResult,
} from './exchanger.js';
export { formatRemoteHostKey, HostKeyMismatchError, parseRemoteHostKey, type HostKey } from './hostKeys.js';
export { hostKeysForTarget, knownHostsLines, knownHostsName, type HostKeyTarget as KnownHostsTarget } from './knownHosts.js';
export {
  HostKeysUnconfirmedError,
  normalizeFingerprint,
  trustedHostKeys,
  type HostKeyConfirmer,
  type HostKeyConfirmRequest,
  type HostKeyTrust,
} from './hostKeyTrust.js';
export { MAX_KEY_TEXT_BYTES, sha256Fingerprint, type SshKeyKind } from './publicKey.js';
export { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_SSH_PORT } from './sshTarget.js';
export type { LoginPromptAnswerer, SshSession } from './sshSession.js';
