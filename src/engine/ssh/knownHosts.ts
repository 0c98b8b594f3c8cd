import { createHmac } from 'node:crypto';
import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import { addKey, hostKeyFromTokens, hostKeyTextLines, invalidLine, isHostKeyType, type HostKey } from './hostKeys.js';
import { DEFAULT_SSH_PORT } from './sshTarget.js';

/**
 * Host keys from text the user gives for a connection (a known_hosts file, ssh-keyscan output,
 * or bare `type base64` lines), read as OpenSSH reads known_hosts (hostfile.c, match.c,
 * sshconnect.c): a line's keys apply only when its host field matches the connection's name
 * (`host`, or `[host]:port` for another port than 22, falling back to `host` when nothing at all
 * is listed for `[host]:port`): comma-separated patterns with `*` and `?`, a negated pattern
 * (`!pattern`) that matches excludes the line, hashed `|1|salt|hash` entries.
 * `@revoked` keys are never trusted; `@cert-authority` lines are refused (host certificates are
 * not supported). A bare line (no host field) is a key for this connection.
 */

export interface HostKeyTarget {
  host: string;
  port: number;
}

/** Larger than a stored value may be: a whole known_hosts file of many hosts. */
const MAX_KNOWN_HOSTS_BYTES = 4 * 1024 * 1024;

type Marker = 'revoked' | 'cert-authority';

interface KnownHostsLine {
  number: number;
  marker: Marker | null;
  /** Null for a bare `type base64` line. */
  hostField: string | null;
  tokens: string[];
}

/** The name OpenSSH looks up in known_hosts for a host and port. */
export function knownHostsName(target: HostKeyTarget): string {
  const host = target.host.trim().toLowerCase();
  return target.port === DEFAULT_SSH_PORT ? host : `[${host}]:${target.port}`;
}

/** One known_hosts line per key, which OpenSSH accepts for the host and port. */
export function knownHostsLines(target: HostKeyTarget, keys: readonly HostKey[]): string[] {
  return keys.map((key) => `${knownHostsName(target)} ${key.key}`);
}

/** The keys of `text` that apply to the host and port; refused when none does. */
export function hostKeysForTarget(text: string, target: HostKeyTarget): HostKey[] {
  if (Buffer.byteLength(text) > MAX_KNOWN_HOSTS_BYTES) throw new UserError('The host key text is larger than 4 MiB');
  const lines = hostKeyTextLines(text).map(readLine).filter((line): line is KnownHostsLine => line !== undefined);
  const name = knownHostsName(target);
  let applicable = linesFor(lines, name);
  // As ssh does for another port than 22: when no key at all is listed for [host]:port, the
  // keys listed for the bare host name count ("found matching key w/out port").
  if (target.port !== DEFAULT_SSH_PORT && !applicable.some((line) => line.marker === null)) {
    applicable = [...applicable, ...linesFor(lines, knownHostsName({ host: target.host, port: DEFAULT_SSH_PORT }))];
  }
  const authority = applicable.find((line) => line.marker === 'cert-authority');
  if (authority) {
    throw new UserError(`Line ${authority.number} is a @cert-authority line for ${printable(name)}: host certificates are not supported, give the host's own keys`);
  }
  const revoked = applicable.filter((line) => line.marker === 'revoked').map((line) => keyOf(line));
  const keys: HostKey[] = [];
  for (const line of applicable) {
    if (line.marker !== null) continue;
    const key = keyOf(line);
    if (!revoked.some((bad) => bad.key === key.key)) addKey(keys, key);
  }
  if (keys.length > 0) return keys;
  if (revoked.length > 0) throw new UserError(`Every host key given for ${printable(name)} is @revoked`);
  if (lines.length === 0) throw new UserError('No remote host key given');
  throw new UserError(`No host key given is for ${printable(name)}: the lines are for other hosts or ports (as ssh reads known_hosts)`);
}

function linesFor(lines: readonly KnownHostsLine[], name: string): KnownHostsLine[] {
  return lines.filter((line) => line.hostField === null || hostMatches(line.hostField, name));
}

/** Splits a line into marker, host field and key fields; undefined for a line OpenSSH would skip (an unknown marker). */
function readLine({ tokens, number }: { tokens: string[]; number: number }): KnownHostsLine | undefined {
  let rest = tokens;
  let marker: Marker | null = null;
  if (rest[0]!.startsWith('@')) {
    if (rest[0] === '@revoked') marker = 'revoked';
    else if (rest[0] === '@cert-authority') marker = 'cert-authority';
    else return undefined;
    rest = rest.slice(1);
  }
  const bare = rest.length > 0 && isHostKeyType(rest[0]!);
  const keyFields = bare ? rest : rest.slice(1);
  // Garbage is refused wherever it is; a key type we do not know (a security key, a newer
  // algorithm) on another host's line is skipped, as ssh skips what it cannot use.
  if (!KEY_TYPE_LIKE.test(keyFields[0] ?? '')) throw invalidLine(number);
  return { number, marker, hostField: bare ? null : rest[0]!, tokens: keyFields };
}

/** What could be a key type on a known_hosts line: `ssh-*`, `ecdsa-*`, `sk-*`, `rsa-*`. */
const KEY_TYPE_LIKE = /^(ssh|ecdsa|sk|rsa)-[A-Za-z0-9@.-]+$/;

function keyOf(line: KnownHostsLine): HostKey {
  return hostKeyFromTokens(line.tokens[0] ?? '', line.tokens[1], line.number);
}

/** OpenSSH's match_hostname: a negated match rules the line out, else any positive match. */
export function hostMatches(hostField: string, name: string): boolean {
  if (hostField.startsWith('|1|')) return hashedMatches(hostField, name);
  let positive = false;
  for (const pattern of hostField.split(',')) {
    const negated = pattern.startsWith('!');
    if (!wildcardMatches(name, (negated ? pattern.slice(1) : pattern).toLowerCase())) continue;
    if (negated) return false;
    positive = true;
  }
  return positive;
}

/** `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`, as ssh-keygen -H writes it. */
function hashedMatches(hostField: string, name: string): boolean {
  const [, , salt, hash] = hostField.split('|');
  if (!salt || !hash) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

function wildcardMatches(text: string, pattern: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(text);
}
