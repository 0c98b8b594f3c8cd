import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import type { HostKey } from './hostKeys.js';
import { targetLabel, type SshTarget } from './sshTarget.js';

/**
 * Which of the host keys a server offers we may trust before anything secret goes to it (an
 * admin password) or is stored for it. Nothing is trusted by default: the user names the
 * fingerprints they checked, asks explicitly to accept what the server offers now, or is asked.
 */

export interface HostKeyConfirmRequest {
  host: string;
  port: number;
  /** What the server offers, its preferred key first. */
  hostKeys: HostKey[];
}

/** Shows the keys and asks the user; true to trust them all. */
export type HostKeyConfirmer = (request: HostKeyConfirmRequest) => Promise<boolean>;

export interface HostKeyTrust {
  /** Fingerprints (SHA256:..., as ssh-keygen -l prints them) the user checked; only those keys are trusted. */
  fingerprints?: readonly string[] | undefined;
  /** Trust whatever the server offers now (trust on first use, asked for explicitly). */
  acceptNew?: boolean | undefined;
  /** Ask the user (a terminal prompt, a screen's question) when neither of the above was given. */
  confirm?: HostKeyConfirmer | undefined;
}

export const HOST_KEY_FINGERPRINT_FIELD = 'hostKeyFingerprint';

/** Nobody confirmed the host keys: the interface may show them and ask, then try again. */
export class HostKeysUnconfirmedError extends UserError {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly hostKeys: readonly HostKey[],
  ) {
    super(`The host keys of ${targetLabel({ host, port })} are not confirmed: ${describeKeys(hostKeys)}. Compare them with the server's own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub)`, {
      reason: 'host-key-unconfirmed',
      field: HOST_KEY_FINGERPRINT_FIELD,
      exitCode: 2,
    });
    this.name = 'HostKeysUnconfirmedError';
  }
}

export async function trustedHostKeys(target: Pick<SshTarget, 'host' | 'port'>, offered: readonly HostKey[], trust: HostKeyTrust = {}): Promise<HostKey[]> {
  const label = targetLabel(target);
  if (trust.fingerprints && trust.fingerprints.length > 0) {
    const wanted = trust.fingerprints.map(normalizeFingerprint);
    const missing = wanted.filter((fingerprint) => !offered.some((key) => key.fingerprint === fingerprint));
    if (missing.length > 0) {
      throw new UserError(`${label} offers no host key with the fingerprint ${missing.join(', ')} (it offers ${describeKeys(offered)}): a typo, or not the server you checked`, {
        field: HOST_KEY_FINGERPRINT_FIELD,
      });
    }
    return offered.filter((key) => wanted.includes(key.fingerprint));
  }
  if (trust.acceptNew) return [...offered];
  if (!trust.confirm) throw new HostKeysUnconfirmedError(target.host, target.port, offered);
  if (!(await trust.confirm({ host: target.host, port: target.port, hostKeys: [...offered] }))) {
    throw new UserError(`The host keys of ${label} were not confirmed: nothing was changed`);
  }
  return [...offered];
}

/** `SHA256:` and 43 base64 characters, as ssh-keygen -l prints it; the prefix and padding may be left out. */
export function normalizeFingerprint(text: string): string {
  const body = text.trim().replace(/^sha256:/i, '').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]{43}$/.test(body)) {
    throw new UserError(`${printable(text.slice(0, 80))} is not an SSH host key fingerprint: expected SHA256: and 43 characters, as ssh-keygen -l prints it`, {
      exitCode: 2,
      field: HOST_KEY_FINGERPRINT_FIELD,
    });
  }
  return `SHA256:${body}`;
}

function describeKeys(keys: readonly HostKey[]): string {
  return keys.map((key) => `${key.type} ${key.fingerprint}`).join(', ');
}
