import { isIP } from 'node:net';
import { UserError } from '../../common/errors.js';

/** Where to connect and how long one connection may take to log in. */
export interface SshTarget {
  host: string;
  port: number;
  timeoutMs: number;
}

export const DEFAULT_SSH_PORT = 22;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** A port from 1 to 65535 (usage error: exit 2). */
export function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`Port must be a whole number from 1 to 65535, not ${String(port)}`, 2);
  return port;
}

/** Checks host, port, timeout and user names before any socket opens (usage errors: exit 2). */
export function checkTarget(target: SshTarget): SshTarget {
  const host = target.host.trim();
  if (!host || /[\s/@]/.test(host) || host.length > 253) {
    throw new UserError(`Not a host name or address: "${host.slice(0, 80)}"`, 2);
  }
  checkPort(target.port);
  if (!Number.isFinite(target.timeoutMs) || target.timeoutMs < 100 || target.timeoutMs > 600_000) {
    throw new UserError('Connect timeout must be between 0.1 and 600 seconds', 2);
  }
  return { host, port: target.port, timeoutMs: target.timeoutMs };
}

/** POSIX-ish login names; the rule also keeps a name safe as a bare word in a remote command. */
export function checkUsername(name: string, what = 'Username'): string {
  if (!/^[A-Za-z0-9._][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new UserError(`${what} "${name.slice(0, 40)}" is not a valid login name`, 2);
  }
  return name;
}

/** `host:port` for messages, with brackets around IPv6 addresses as ssh prints them. */
export function targetLabel(target: Pick<SshTarget, 'host' | 'port'>): string {
  return isIP(target.host) === 6 ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
}
