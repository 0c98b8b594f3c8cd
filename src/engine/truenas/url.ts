import { UserError } from '../../common/errors.js';
import { quoted } from '../../common/printable.js';

/**
 * The remote TrueNAS URL of a semi-automatic setup, as its web interface is reached: the
 * scheme says whether the API speaks TLS, the host name is also the SSH host stored for the
 * connection. The API lives at the root of the web server whatever page was copied from the
 * browser (`https://nas/ui/dashboard`), so only the origin is kept.
 */
export interface TrueNasUrl {
  /** `https://nas.example.com:8443`: scheme, host and port, no path. */
  origin: string;
  /** https (the API over TLS) rather than http (the password crosses the network in clear). */
  secure: boolean;
  /** The host name or address, IPv6 without brackets: what the SSH connection stores. */
  hostname: string;
  /** The web server's port (443 or 80 unless given). */
  port: number;
  /** JSON-RPC 2.0 endpoint of TrueNAS 25.04 and later. */
  apiUrl: string;
  /** The legacy WebSocket endpoint of older releases. */
  legacyUrl: string;
}

export const URL_FIELD = 'url';

/** Parses the URL or says what is wrong with it, with the seed's advice about the scheme. */
export function parseTrueNasUrl(text: string): TrueNasUrl {
  const given = text.trim();
  if (!given) throw new UserError('The remote TrueNAS URL is empty: give it as https://nas.example.com.', { exitCode: 2, field: URL_FIELD });
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(given)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    throw new UserError(
      `${quoted(given.slice(0, 100))} has no URL scheme: be sure to use a valid URL scheme for the remote TrueNAS URL, ` +
        `as in https://${given.replace(/^\/+/, '').slice(0, 60)}.`,
      { exitCode: 2, field: URL_FIELD },
    );
  }
  if (scheme !== 'https' && scheme !== 'http') {
    throw new UserError(`${quoted(`${scheme}://`)} is not a scheme for the remote TrueNAS URL: use https:// (or http:// on a network you trust).`, {
      exitCode: 2,
      field: URL_FIELD,
    });
  }
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new UserError(`${quoted(given.slice(0, 100))} is not a valid URL.`, { exitCode: 2, field: URL_FIELD });
  }
  if (url.username || url.password) {
    // A password in the URL would sit in the command line and the shell history.
    throw new UserError('The remote TrueNAS URL must not hold a user name or password: give them as the admin credentials.', { exitCode: 2, field: URL_FIELD });
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!hostname) throw new UserError(`${quoted(given.slice(0, 100))} names no host.`, { exitCode: 2, field: URL_FIELD });
  const secure = scheme === 'https';
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  const origin = `${scheme}://${url.host}`;
  const socketOrigin = `${secure ? 'wss' : 'ws'}://${url.host}`;
  return { origin, secure, hostname, port, apiUrl: `${socketOrigin}/api/current`, legacyUrl: `${socketOrigin}/websocket` };
}

/** What the user is told before a password goes to an http:// URL. */
export function cleartextWarning(url: TrueNasUrl): string | undefined {
  if (url.secure) return undefined;
  return `${url.origin} is plain http: the admin password crosses the network in clear (use https:// unless this network is trusted).`;
}
