import type { CheckResult } from '../../engine/store/index.js';
import type { KeypairUsers } from '../../engine/keychain/keypairs.js';

/** ED25519-256, RSA-4096. */
export function keyTypeText(keypair: { keyType: string; bits: number | null }): string {
  return keypair.bits ? `${keypair.keyType}-${keypair.bits}` : keypair.keyType;
}

/** "OK 11-24 10:21", "FAILED 11-24 10:21", "never tested" (local time). */
export function lastTestText(check: CheckResult | null): string {
  if (!check) return 'never tested';
  const at = new Date(check.at);
  const pad = (n: number) => String(n).padStart(2, '0');
  const when = Number.isNaN(at.getTime()) ? '' : ` ${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
  return `${check.ok ? 'OK' : 'FAILED'}${when}`;
}

export function usedByText(users: KeypairUsers): string {
  const parts = [
    users.connections.length ? `SSH connection(s) ${users.connections.map((ref) => ref.name).join(', ')}` : '',
    users.cloudCredentials.length ? `SFTP credential(s) ${users.cloudCredentials.map((ref) => ref.name).join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'nothing';
}

/** Cuts text into lines of exactly `width` characters (the last shorter): a key line to select and copy. */
export function chunkText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (let at = 0; at < text.length; at += width) lines.push(text.slice(at, at + width));
  return lines.length ? lines : [''];
}

/** A host key's type as `ssh-keygen -l` names it: ED25519, ECDSA, RSA. */
export function hostKeyKind(type: string): string {
  if (type === 'ssh-ed25519') return 'ED25519';
  if (type.startsWith('ecdsa-')) return 'ECDSA';
  if (type === 'ssh-rsa') return 'RSA';
  return type;
}
