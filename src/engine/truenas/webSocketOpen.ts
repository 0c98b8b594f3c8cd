import type { ClientRequest } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ClientOptions, WebSocket } from 'ws';
import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import { cancelledError, onAbort, type Cancellable } from '../abortable.js';
import { certificateOf, sameFingerprint, TlsCertificateRefusedError, type TlsCertificateInfo } from './tls.js';

/**
 * Opens one WebSocket to a TrueNAS endpoint. Over TLS the certificate is checked before the
 * HTTP request leaves: a certificate that does not verify against the system's CAs and the host
 * name is refused (with its fingerprint, for the user to confirm) unless its fingerprint is
 * the one given as trusted. An HTTP error answer (404 from a system without the endpoint) is a
 * result, not an error, so that the caller can fall back to another endpoint.
 */

/** `signal`: aborting ends the TCP connect, TLS handshake or upgrade at once (CancelledError). */
export interface OpenOptions extends Cancellable {
  /** The `https://host:port` the user gave, for messages. */
  origin: string;
  timeoutMs: number;
  /** Fingerprint of a certificate the user confirmed; it is used even though it does not verify. */
  trustedFingerprint?: string | undefined;
}

export type OpenResult =
  | { kind: 'open'; socket: WebSocket; certificate: TlsCertificateInfo | null }
  | { kind: 'http-status'; status: number };

/** Largest message we accept from the server: answers here are a few KiB. */
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
const CLOSE_TIMEOUT_MS = 2_000;

export async function openWebSocket(address: string, options: OpenOptions): Promise<OpenResult> {
  const { default: WebSocketClient } = await import('ws');
  const secure = address.startsWith('wss:');
  return new Promise((resolve, reject) => {
    let certificate: TlsCertificateInfo | null = null;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      forgetAbort();
      outcome();
    };
    // closeTimeout is in ws since 8.19; its type definitions do not list it yet.
    const clientOptions: ClientOptions & { closeTimeout: number } = {
      handshakeTimeout: options.timeoutMs,
      maxPayload: MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
      followRedirects: false,
      // A server that never answers our close must not keep a scripted command waiting 30 s.
      closeTimeout: CLOSE_TIMEOUT_MS,
      // Checked by hand in finishRequest, where an unverified certificate can still be confirmed.
      rejectUnauthorized: false,
      finishRequest: (request: ClientRequest) => {
        if (!secure) return void request.end();
        request.once('socket', (raw) => {
          const tlsSocket = raw as TLSSocket;
          const check = () => {
            certificate = certificateOf(tlsSocket);
            const trusted = tlsSocket.authorized || (options.trustedFingerprint !== undefined && certificate.fingerprint !== '' && sameFingerprint(options.trustedFingerprint, certificate.fingerprint));
            if (trusted) request.end();
            else request.destroy(new TlsCertificateRefusedError(options.origin, certificate));
          };
          if (tlsSocket.connecting || !tlsSocket.getPeerCertificate()?.raw) tlsSocket.once('secureConnect', check);
          else check();
        });
      },
    };
    const socket = new WebSocketClient(address, clientOptions);
    const deadline = setTimeout(() => {
      settle(() => reject(new UserError(`Timed out after ${options.timeoutMs / 1000} s connecting to the TrueNAS at ${options.origin}`)));
      socket.terminate();
    }, options.timeoutMs);
    const forgetAbort = onAbort(options.signal, () => {
      settle(() => reject(cancelledError()));
      socket.terminate();
    });
    socket.once('open', () => settle(() => resolve({ kind: 'open', socket, certificate })));
    socket.once('unexpected-response', (request: ClientRequest, response) => {
      const status = response.statusCode ?? 0;
      response.resume();
      request.destroy();
      settle(() => resolve({ kind: 'http-status', status }));
    });
    socket.on('error', (error: Error & { code?: string }) => settle(() => reject(openError(error, options))));
  });
}

function openError(error: Error & { code?: string }, options: OpenOptions): UserError {
  if (error instanceof UserError) return error;
  const at = `the TrueNAS at ${options.origin}`;
  switch (error.code) {
    case 'ECONNREFUSED':
      return new UserError(`Cannot connect to ${at}: connection refused (is its web interface served on that port?)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new UserError(`Cannot connect to ${at}: the host name does not resolve`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new UserError(`Cannot reach ${at}: no route to the host`);
    case 'ETIMEDOUT':
      return new UserError(`Timed out connecting to ${at} (host down or port filtered?)`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new UserError(`The TrueNAS at ${options.origin} closed the connection before the API answered${options.origin.startsWith('http:') ? ' (does it want https://?)' : ''}`);
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return new UserError(`TLS with ${at} failed: is it an https server? (${printable(error.message).slice(0, 120)})`);
  }
  if (/handshake has timed out/i.test(error.message)) return new UserError(`Timed out after ${options.timeoutMs / 1000} s waiting for the API of ${at}`);
  return new UserError(`Cannot open the API of ${at}: ${printable(error.message).slice(0, 160)}`);
}
