import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import { UserError } from '../../common/errors.js';
import { callErrorFrom } from './apiErrors.js';
import type { TlsCertificateInfo } from './tls.js';

/**
 * Method calls over an open WebSocket to the TrueNAS middleware. The two protocols differ only
 * in how a call and its answer are framed, so each is one codec and the bookkeeping (ids,
 * timeouts, a closed connection failing what is pending) is shared:
 *
 * - JSON-RPC 2.0 (`/api/current`): `{"jsonrpc":"2.0","method","id","params"}`, answered by
 *   `{"jsonrpc":"2.0","id","result"}` or `{"id","error":{"code","message","data"}}`.
 * - legacy (`/websocket`): `{"msg":"connect","version":"1","support":["1"]}` first, answered
 *   by `{"msg":"connected","session"}` (or `{"msg":"failed"}`); then `{"msg":"method","id",
 *   "method","params"}`, answered by `{"msg":"result","id","result"}` or `{..., "error":{...}}`.
 */

export type ApiProtocol = 'jsonrpc' | 'legacy';

export interface TrueNasApi {
  readonly protocol: ApiProtocol;
  /** The server's certificate over https (verified, or confirmed by the user); null over http. */
  readonly certificate: TlsCertificateInfo | null;
  call(method: string, params: unknown[]): Promise<unknown>;
  close(): void;
}

type Answer = { id: unknown; result: unknown } | { id: unknown; error: Error };

interface Codec {
  request(id: string, method: string, params: unknown[]): object;
  /** The answer to a call in this message, or undefined for anything else (notifications). */
  answer(message: Record<string, unknown>, methodOf: (id: unknown) => string): Answer | undefined;
}

const CODECS: Record<ApiProtocol, Codec> = {
  jsonrpc: {
    request: (id, method, params) => ({ jsonrpc: '2.0', method, id, params }),
    answer: (message, methodOf) => {
      if (!('id' in message) || 'method' in message) return undefined;
      if ('error' in message) {
        const error = (message.error ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
        const rpc = { code: Number(error.code), message: String(error.message ?? '') };
        return { id: message.id, error: callErrorFrom(methodOf(message.id), error.data, rpc) };
      }
      return { id: message.id, result: message.result };
    },
  },
  legacy: {
    request: (id, method, params) => ({ id, msg: 'method', method, params }),
    answer: (message, methodOf) => {
      if (message.msg !== 'result') return undefined;
      if (message.error) return { id: message.id, error: callErrorFrom(methodOf(message.id), message.error) };
      return { id: message.id, result: message.result };
    },
  },
};

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class ApiSession implements TrueNasApi {
  private readonly pending = new Map<string, Pending>();
  private readonly codec: Codec;
  private closedError: UserError | undefined;
  /** Messages of the legacy handshake, before any call. */
  private handshakeListener: ((message: Record<string, unknown>) => void) | undefined;

  constructor(
    private readonly socket: WebSocket,
    readonly protocol: ApiProtocol,
    readonly certificate: TlsCertificateInfo | null,
    private readonly origin: string,
    private readonly callTimeoutMs: number,
  ) {
    this.codec = CODECS[protocol];
    socket.on('message', (data) => this.receive(data.toString()));
    socket.on('close', () => this.failAll(new UserError(`The TrueNAS at ${origin} closed the API connection`)));
    socket.on('error', () => this.failAll(new UserError(`The API connection to the TrueNAS at ${origin} failed`)));
  }

  /** The legacy protocol's greeting; resolves once the server said `connected`. */
  legacyHandshake(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new UserError(`The TrueNAS at ${this.origin} did not answer the API greeting within ${timeoutMs / 1000} s`)), timeoutMs);
      const finish = (error?: UserError) => {
        clearTimeout(timer);
        this.handshakeListener = undefined;
        if (error) reject(error);
        else resolve();
      };
      this.handshakeListener = (message) => {
        if (message.msg === 'connected') finish();
        else if (message.msg === 'failed') finish(new UserError(`The TrueNAS at ${this.origin} refused the legacy API protocol version 1`));
      };
      this.send({ msg: 'connect', version: '1', support: ['1'] });
    });
  }

  call(method: string, params: unknown[]): Promise<unknown> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new UserError(`The TrueNAS at ${this.origin} did not answer ${method} within ${this.callTimeoutMs / 1000} s`));
      }, this.callTimeoutMs);
      this.pending.set(id, { method, resolve, reject, timer });
      this.send(this.codec.request(id, method, params));
    });
  }

  close(): void {
    this.failAll(new UserError('The API connection is closed'));
    this.socket.close();
  }

  private send(message: object): void {
    this.socket.send(JSON.stringify(message));
  }

  private receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return this.failAll(new UserError(`The TrueNAS at ${this.origin} sent something that is not JSON on the API connection`));
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return;
    const record = message as Record<string, unknown>;
    if (this.handshakeListener) return this.handshakeListener(record);
    const answer = this.codec.answer(record, (id) => this.pending.get(String(id))?.method ?? 'the API');
    if (!answer) return;
    if (answer.id === null && 'error' in answer) return this.failAll(answer.error); // a JSON-RPC connection-wide error
    const call = this.pending.get(String(answer.id));
    if (!call) return;
    this.pending.delete(String(answer.id));
    clearTimeout(call.timer);
    if ('error' in answer) call.reject(answer.error);
    else call.resolve(answer.result);
  }

  private failAll(error: Error): void {
    this.closedError ??= error instanceof UserError ? error : new UserError(error.message);
    for (const [id, call] of this.pending) {
      clearTimeout(call.timer);
      call.reject(error);
      this.pending.delete(id);
    }
  }
}
