/**
 * A TrueNAS web API for tests, on 127.0.0.1: JSON-RPC 2.0 at /api/current and the legacy
 * protocol at /websocket, with the message shapes of truenas/middleware (see
 * trueNasApiErrors.ts), over https (a certificate made by openssl) or plain http, with or
 * without a TOTP second factor for the admin, or legacy-only (404 at /api/current, as before
 * TrueNAS 25.04). Its ssh_pair and user methods act on a real local user served by the
 * harness's real sshd (see trueNasApiMethods.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { afterEach } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { hotp } from '../../testing/hotp.js';
import type { RunningSshd } from '../../testing/sshd.js';
import { selfSignedCertificate, type TestCertificate } from './tlsCertificates.js';
import {
  CallError,
  ERRNO,
  jsonRpcError,
  jsonRpcMethodNotFound,
  legacyError,
  legacyMethodNotFound,
} from './trueNasApiErrors.js';
import { TrueNasSystem } from './trueNasApiMethods.js';

export interface TrueNasApiOptions {
  /**
   * The sshd whose port and host keys ssh_pair answers (it writes the authorized_keys of any
   * local user; the sshd serves its own). Without one, ssh_pair says the host has no SSH keys.
   */
  sshd?: Pick<RunningSshd, 'port' | 'hostKeyLines'>;
  /** https with this certificate (default: a self-signed one); false: plain http. */
  tls?: TestCertificate | false;
  /** Only the legacy endpoint: /api/current answers HTTP 404. */
  legacyOnly?: boolean;
  /** The admin account has a TOTP second factor. */
  totp?: boolean;
  /** What auth.login_ex answers for the right password, instead of SUCCESS. */
  loginOutcome?: 'EXPIRED' | 'DENIED' | 'REDIRECT';
}

export interface ReceivedCall {
  endpoint: 'jsonrpc' | 'legacy';
  method: string;
  params: unknown[];
}

export interface RunningTrueNasApi {
  /** `https://127.0.0.1:PORT` (or http). */
  readonly url: string;
  readonly adminUsername: string;
  readonly adminPassword: string;
  readonly certificate: TestCertificate | null;
  /** Every call received, in order. */
  readonly calls: ReceivedCall[];
  readonly system: TrueNasSystem;
  /** With `totp`: the code the admin's authenticator shows now. */
  totpCode(): string;
  /** With `totp`: a well-formed code the server does not accept now. */
  wrongTotpCode(): string;
  stop(): Promise<void>;
}

interface Session {
  authenticated: boolean;
  otpPending: boolean;
}

type Handler = (params: unknown[], session: Session) => unknown;

const TOTP_STEP_MS = 30_000;
const NO_AUTH_METHODS = new Set(['auth.login_ex', 'auth.login_ex_continue', 'auth.login', 'core.ping']);

export async function startTrueNasApi(options: TrueNasApiOptions): Promise<RunningTrueNasApi> {
  const certificate = options.tls === false ? null : options.tls ?? selfSignedCertificate();
  const adminUsername = 'truenas_admin';
  const adminPassword = `Adm-${randomBytes(9).toString('base64url')}`;
  const totpSecret = randomBytes(20);
  const calls: ReceivedCall[] = [];
  const system = new TrueNasSystem(options.sshd);

  const totpAccepts = (code: unknown) => {
    const step = Math.floor(Date.now() / TOTP_STEP_MS);
    return [step - 1, step, step + 1].some((counter) => hotp(totpSecret, counter) === code);
  };
  const passwordLogin = (session: Session, username: unknown, password: unknown): string => {
    if (username !== adminUsername || password !== adminPassword) return 'AUTH_ERR';
    if (options.loginOutcome) return options.loginOutcome;
    if (options.totp) {
      session.otpPending = true;
      return 'OTP_REQUIRED';
    }
    session.authenticated = true;
    return 'SUCCESS';
  };
  // auth.login_ex as plugins/auth.py answers it (a wrong code ends the attempt with AUTH_ERR).
  const loginEx: Handler = ([data], session) => {
    const request = (data ?? {}) as Record<string, unknown>;
    if (request.mechanism === 'PASSWORD_PLAIN') {
      const type = passwordLogin(session, request.username, request.password);
      if (type === 'OTP_REQUIRED') return { response_type: type, username: request.username };
      if (type === 'REDIRECT') return { response_type: type, urls: ['https://192.0.2.10'] };
      if (type === 'SUCCESS') return { response_type: type, user_info: null, authenticator: 'LEVEL_1', reconnect_token: null };
      return { response_type: type };
    }
    if (request.mechanism === 'OTP_TOKEN') {
      if (!session.otpPending) throw new CallError('OTP_TOKEN: no authentication in progress', ERRNO.EINVAL);
      session.otpPending = false;
      if (!totpAccepts(request.otp_token)) return { response_type: 'AUTH_ERR' };
      session.authenticated = true;
      return { response_type: 'SUCCESS', user_info: null, authenticator: 'LEVEL_2', reconnect_token: null };
    }
    throw new CallError(`${String(request.mechanism)}: unexpected authentication mechanism`);
  };
  const methods: Record<string, Handler> = {
    'core.ping': () => 'pong',
    'auth.login_ex': loginEx,
    'auth.login_ex_continue': loginEx,
    // The deprecated auth.login: true or false, a missing code is false.
    'auth.login': ([username, password, otpToken], session) => {
      const type = passwordLogin(session, username, password);
      if (type === 'OTP_REQUIRED') {
        session.otpPending = false;
        if (otpToken === undefined || otpToken === null || !totpAccepts(otpToken)) return false;
        session.authenticated = true;
        return true;
      }
      return type === 'SUCCESS';
    },
    'keychaincredential.ssh_pair': ([data]) => system.sshPair((data ?? {}) as Record<string, string>),
    'user.query': ([filters, queryOptions]) => system.userQuery(filters, queryOptions),
    'user.update': ([id, data]) => system.userUpdate(id, (data ?? {}) as Record<string, unknown>),
  };

  const invoke = (endpoint: ReceivedCall['endpoint'], method: string, params: unknown[], session: Session): unknown => {
    calls.push({ endpoint, method, params: structuredClone(params) });
    const handler = methods[method];
    if (!handler) throw endpoint === 'legacy' ? legacyMethodNotFound(method) : new MethodNotFound();
    if (!NO_AUTH_METHODS.has(method) && !session.authenticated) throw new CallError('Not authenticated', ERRNO.ENOTAUTHENTICATED);
    return handler(params, session);
  };

  const serveJsonRpc = (socket: WebSocket) => {
    const session: Session = { authenticated: false, otpPending: false };
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { jsonrpc?: string; id?: unknown; method?: string; params?: unknown[] };
      const id = message.id ?? null;
      try {
        socket.send(JSON.stringify({ jsonrpc: '2.0', result: invoke('jsonrpc', String(message.method), message.params ?? [], session), id }));
      } catch (error) {
        socket.send(JSON.stringify(error instanceof MethodNotFound ? jsonRpcMethodNotFound(id) : jsonRpcError(id, error as Error)));
      }
    });
  };
  const serveLegacy = (socket: WebSocket) => {
    const session: Session = { authenticated: false, otpPending: false };
    let connected = false;
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { msg?: string; version?: string; id?: unknown; method?: string; params?: unknown[] };
      if (message.msg === 'connect') {
        connected = message.version === '1';
        socket.send(JSON.stringify(connected ? { msg: 'connected', session: randomUUID() } : { msg: 'failed', version: '1' }));
      } else if (!connected) {
        socket.send(JSON.stringify({ msg: 'failed', version: '1' }));
      } else if (message.msg === 'method') {
        try {
          socket.send(JSON.stringify({ msg: 'result', id: message.id, result: invoke('legacy', String(message.method), message.params ?? [], session) }));
        } catch (error) {
          socket.send(JSON.stringify(legacyError(message.id, error as Error)));
        }
      }
    });
  };

  const sockets = new WebSocketServer({ noServer: true });
  const server: Server = certificate ? createHttpsServer({ cert: certificate.cert, key: certificate.key }) : createHttpServer();
  server.on('request', (_request, response) => response.writeHead(404).end('Not Found'));
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const serve = path === '/api/current' && !options.legacyOnly ? serveJsonRpc : path === '/websocket' ? serveLegacy : undefined;
    if (!serve) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, serve);
  });
  server.on('tlsClientError', () => undefined); // a client that refuses our certificate hangs up
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    url: `${certificate ? 'https' : 'http'}://127.0.0.1:${port}`,
    adminUsername,
    adminPassword,
    certificate,
    calls,
    system,
    totpCode: () => hotp(totpSecret, Math.floor(Date.now() / TOTP_STEP_MS)),
    wrongTotpCode: () => {
      let code = Number(hotp(totpSecret, Math.floor(Date.now() / TOTP_STEP_MS)));
      do code = (code + 1) % 1_000_000;
      while (totpAccepts(String(code).padStart(6, '0')));
      return String(code).padStart(6, '0');
    },
    stop: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Starts test TrueNAS APIs (with `defaults`) for a test file and stops them after each test. */
export function useTrueNasApis(defaults: () => Partial<TrueNasApiOptions> = () => ({})): (options?: TrueNasApiOptions) => Promise<RunningTrueNasApi> {
  const running: RunningTrueNasApi[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.stop()));
  });
  return async (options = {}) => {
    const server = await startTrueNasApi({ ...defaults(), ...options });
    running.push(server);
    return server;
  };
}

/** JSON-RPC's -32601, which has no middleware error object. */
class MethodNotFound extends Error {}
