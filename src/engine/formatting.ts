/**
 * How the console and the scripted commands print times, check results and key types: one
 * wording for both (a check result read in `cloud list` reads the same on the screen).
 */
import type { KeypairUsers } from './keychain/keypairs.js';
import type { CheckResult } from './store/index.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-11-24 10:21", local time; '' for a time that does not parse. */
export function localTime(at: string | Date): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The words of a kind of check: a cloud credential is verified, an SSH connection tested. */
export interface CheckWording {
  readonly ok: string;
  readonly failed: string;
  readonly never: string;
}

export const VERIFY_WORDING: CheckWording = { ok: 'valid', failed: 'invalid', never: 'never verified' };
export const TEST_WORDING: CheckWording = { ok: 'OK', failed: 'FAILED', never: 'never tested' };
/** The last push to a backup destination (its message: what was pushed, or the error). */
export const PUSH_WORDING: CheckWording = { ok: 'OK', failed: 'FAILED', never: 'never pushed' };

/** A list column: "valid 11-24 10:21", "INVALID 11-24 10:21" (stands out without colour), "never verified". */
export function checkCell(check: CheckResult | null, wording: CheckWording): string {
  if (!check) return wording.never;
  return `${check.ok ? wording.ok : wording.failed.toUpperCase()} ${localTime(check.at).slice(5)}`;
}

/** A line of its own: "invalid 2026-11-24 10:21: 530 Login incorrect", "never verified". */
export function checkLine(check: CheckResult | null, wording: CheckWording): string {
  if (!check) return wording.never;
  return `${check.ok ? wording.ok : wording.failed} ${localTime(check.at)}${check.message ? `: ${check.message}` : ''}`;
}

/** ED25519-256, RSA-4096: type and size in one word, for a list. */
export function keyTypeText(keypair: { keyType: string; bits: number | null }): string {
  return keypair.bits ? `${keypair.keyType}-${keypair.bits}` : keypair.keyType;
}

/** A host key's type as `ssh-keygen -l` names it: ED25519, ECDSA, RSA. */
export function hostKeyKind(type: string): string {
  if (type === 'ssh-ed25519') return 'ED25519';
  if (type.startsWith('ecdsa-')) return 'ECDSA';
  if (type === 'ssh-rsa') return 'RSA';
  return type;
}

/** ED25519 (256 bits): type and size, for a details view. */
export function keyTypeLong(keypair: { keyType: string; bits: number | null }): string {
  return keypair.bits ? `${keypair.keyType} (${keypair.bits} bits)` : keypair.keyType;
}

/** Who uses a keypair: "SSH connection(s) a, b; SFTP credential(s) c", or "nothing". */
export function usedByText(users: KeypairUsers): string {
  const parts = [
    users.connections.length ? `SSH connection(s) ${users.connections.map((ref) => ref.name).join(', ')}` : '',
    users.cloudCredentials.length ? `SFTP credential(s) ${users.cloudCredentials.map((ref) => ref.name).join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'nothing';
}
