/**
 * Which attributes are secret. Secret attributes live only in the encrypted `attributes`
 * column; the others are also kept in clear in `public_attributes`, so that a configuration
 * uploaded without its seed keeps its hosts and user names and loses only its secrets.
 * Unknown keys are secret: the safe default.
 */
export interface SecretPolicy {
  isSecret(kind: RecordKind, type: string, key: string): boolean;
}

export type RecordKind = 'cloud' | 'keychain';

const KEYCHAIN_PUBLIC_ATTRIBUTES: Record<string, readonly string[]> = {
  SSH_KEY_PAIR: ['public_key'],
  SSH_CREDENTIALS: ['host', 'port', 'username', 'private_key', 'remote_host_key', 'connect_timeout'],
};

/** Keychain records are the engine's own; cloud providers are declared in src/providers. */
export function secretPolicy(isSecretCloudAttribute: (provider: string, key: string) => boolean = () => true): SecretPolicy {
  return {
    isSecret(kind, type, key) {
      if (kind === 'cloud') return isSecretCloudAttribute(type, key);
      return !(KEYCHAIN_PUBLIC_ATTRIBUTES[type] ?? []).includes(key);
    },
  };
}

export function splitPublicAttributes(
  policy: SecretPolicy,
  kind: RecordKind,
  type: string,
  attributes: Record<string, unknown>,
): Record<string, unknown> {
  const visible: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (!policy.isSecret(kind, type, key)) visible[key] = value;
  }
  return visible;
}
