import { UserError } from '../../common/errors.js';
import { abortable, type Cancellable } from '../abortable.js';
import { ApiSession, type TrueNasApi } from './apiSession.js';
import type { TrueNasUrl } from './url.js';
import { openWebSocket, type OpenResult } from './webSocketOpen.js';

/**
 * Connects to a TrueNAS API as truenas/api_client does: JSON-RPC 2.0 at `/api/current`
 * (TrueNAS 25.04 and later); when that path answers HTTP 404, the legacy protocol at
 * `/websocket`, which older releases speak.
 */

/** `signal`: aborting closes what is open and rejects with a CancelledError. */
export interface ConnectTrueNasOptions extends Cancellable {
  /** For opening the connection (TCP, TLS, WebSocket upgrade, greeting). */
  timeoutMs: number;
  /** For each call; logins and service starts on the NAS can take a while. */
  callTimeoutMs?: number;
  /** The fingerprint of a certificate the user confirmed (it need not verify). */
  trustedFingerprint?: string | undefined;
}

export const DEFAULT_CALL_TIMEOUT_MS = 60_000;

export async function connectTrueNasApi(url: TrueNasUrl, options: ConnectTrueNasOptions): Promise<TrueNasApi> {
  const open = { origin: url.origin, timeoutMs: options.timeoutMs, trustedFingerprint: options.trustedFingerprint, signal: options.signal };
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const current = await openWebSocket(url.apiUrl, open);
  if (current.kind === 'open') return new ApiSession(current.socket, 'jsonrpc', current.certificate, url.origin, callTimeoutMs);
  if (current.status !== 404) throw notAnApi(url, '/api/current', current);

  const legacy = await openWebSocket(url.legacyUrl, open);
  if (legacy.kind !== 'open') throw notAnApi(url, '/websocket', legacy);
  const session = new ApiSession(legacy.socket, 'legacy', legacy.certificate, url.origin, callTimeoutMs);
  try {
    await abortable(session.legacyHandshake(options.timeoutMs), options.signal, () => session.close());
  } catch (error) {
    session.close();
    throw error;
  }
  return session;
}

function notAnApi(url: TrueNasUrl, path: string, answer: Extract<OpenResult, { kind: 'http-status' }>): UserError {
  return new UserError(`${url.origin} answered HTTP ${answer.status} at ${path} instead of the TrueNAS API (is it a TrueNAS web interface?)`);
}
