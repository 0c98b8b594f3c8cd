import { ssh2 } from './ssh2Lazy.js';
import type {
  AnyAuthMethod,
  AuthenticationType,
  Client,
  ConnectConfig,
  KeyboardInteractiveCallback,
  Prompt,
  ServerHostKeyAlgorithm,
} from 'ssh2';
import { UserError } from '../../common/errors.js';
import { cancelledError, onAbort, type Cancellable } from '../abortable.js';
import { targetLabel, type SshTarget } from './sshTarget.js';

/**
 * One SSH connection over ssh2's Client as a promise: connect, check the host key, log in,
 * with one deadline for all of it, and every failure turned into a one-line UserError that
 * names host and port but never a password or key. The socket is closed on every path.
 */

/** Answers keyboard-interactive prompts that are not the password (an OTP, for instance). */
export type LoginPromptAnswerer = (prompt: string) => Promise<string>;

export type LoginMethod =
  | { kind: 'password'; username: string; password: string; onPrompt?: LoginPromptAnswerer }
  | { kind: 'key'; username: string; privateKey: string };

/** What to do with the host key the server proves it holds: go on, or fail with this error. */
export type HostKeyCheck = (blob: Buffer) => UserError | undefined;

/** Aborting the signal ends the connection at once (TCP connect, handshake or login) as a CancelledError. */
export interface SessionOptions extends SshTarget, Cancellable {
  login: LoginMethod;
  checkHostKey: HostKeyCheck;
  /** Host key algorithms to offer, best first (ssh2's defaults when absent). */
  serverHostKeyAlgorithms?: ServerHostKeyAlgorithm[];
}

export interface SshSession {
  client: Client;
  hostKey: Buffer;
  /** The server's identification, e.g. `OpenSSH_9.2p1`. */
  serverSoftware: string;
  close(): void;
}

export interface CommandResult {
  exitCode: number | null;
  signal: string | undefined;
  stdout: string;
  stderr: string;
}

const MAX_COMMAND_OUTPUT = 64 * 1024;

/** Connects and logs in; resolves once the server accepted the login. */
export function openSession(options: SessionOptions): Promise<SshSession> {
  return new Promise((resolve, reject) => {
    const client = new (ssh2().Client)();
    const label = targetLabel(options);
    const state = new AttemptState(options.login.kind);
    let settled = false;
    let hostKey: Buffer | undefined;
    let hostKeyError: UserError | undefined;

    const fail = (error: UserError) => {
      if (settled) return;
      settled = true;
      deadline.stop();
      forgetAbort();
      client.destroy();
      reject(error);
    };
    const deadline = new Deadline(options.timeoutMs, () => {
      fail(state.tcpConnected
        ? new UserError(`${label} did not complete the SSH login within ${seconds(options.timeoutMs)}`)
        : new UserError(`Timed out after ${seconds(options.timeoutMs)} connecting to ${label} (host down or port filtered?)`));
    });

    // ssh2 emits 'error' more than once on some paths; an unheard 'error' would crash the process.
    client.on('error', (error: Error & { level?: string; code?: string }) => {
      if (hostKeyError) return fail(hostKeyError);
      if (state.promptError) return fail(state.promptError);
      fail(connectionError(error, options, () => authenticationError(label, state)));
    });
    client.on('connect', () => {
      state.tcpConnected = true;
    });
    client.on('close', () => fail(new UserError(`${label} closed the connection during the SSH login`)));
    const forgetAbort = onAbort(options.signal, () => fail(cancelledError()));
    client.on('ready', () => {
      if (settled) return;
      settled = true;
      deadline.stop();
      forgetAbort();
      resolve({
        client,
        hostKey: hostKey!,
        // ssh2 has no public accessor for the server's identification string; this field holds it.
        serverSoftware: printable((client as unknown as { _remoteVer?: string })._remoteVer ?? '').slice(0, 100),
        close: () => client.end(),
      });
    });

    const config: ConnectConfig = {
      host: options.host,
      port: options.port,
      username: options.login.username,
      readyTimeout: 0, // our own deadline, which pauses while a human answers a prompt
      hostVerifier: (blob: Buffer) => {
        hostKey = Buffer.from(blob);
        hostKeyError = options.checkHostKey(hostKey);
        return hostKeyError === undefined;
      },
      authHandler: makeAuthHandler(options.login, state, client, deadline),
    };
    if (options.serverHostKeyAlgorithms) config.algorithms = { serverHostKey: options.serverHostKeyAlgorithms };
    try {
      client.connect(config);
    } catch (error) {
      fail(new UserError(`Cannot connect to ${label}: ${(error as Error).message}`));
    }
  });
}

/** Runs one command, writes `stdin` to it, and collects its exit status and (bounded) output. */
export function runCommand(session: SshSession, command: string, stdin: string, timeoutMs: number, signal?: AbortSignal): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const stop = (error: UserError) => {
      clearTimeout(timer);
      forgetAbort();
      session.client.destroy();
      reject(error);
    };
    const timer = setTimeout(() => stop(new UserError(`The remote command did not finish within ${seconds(timeoutMs)}`)), timeoutMs);
    const forgetAbort = onAbort(signal, () => stop(cancelledError()));
    session.client.exec(command, (error, stream) => {
      if (error) {
        clearTimeout(timer);
        forgetAbort();
        reject(new UserError(`The server refused to run a command: ${error.message}`));
        return;
      }
      let stdout = '';
      let stderr = '';
      let exitCode: number | null = null;
      let exitSignal: string | undefined;
      stream.on('data', (chunk: Buffer) => {
        if (stdout.length < MAX_COMMAND_OUTPUT) stdout += chunk.toString();
      });
      stream.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < MAX_COMMAND_OUTPUT) stderr += chunk.toString();
      });
      stream.on('exit', (code: number | null, signalName?: string) => {
        exitCode = code;
        exitSignal = signalName;
      });
      stream.on('close', () => {
        clearTimeout(timer);
        forgetAbort();
        resolve({ exitCode, signal: exitSignal, stdout, stderr });
      });
      stream.end(stdin);
    });
  });
}

/**
 * Answers keyboard-interactive prompts: the ones that ask for the password get the password,
 * any other (an OTP code) goes to `onPrompt`; without one, the login cannot go on.
 */
export async function answerLoginPrompts(prompts: readonly Prompt[], password: string, onPrompt?: LoginPromptAnswerer): Promise<string[]> {
  const answers: string[] = [];
  for (const { prompt } of prompts) {
    if (isPasswordPrompt(prompt)) answers.push(password);
    else if (onPrompt) answers.push(await onPrompt(prompt));
    else throw new UserError(`The server asks "${printable(prompt)}" at login, and no answer for it was given`);
  }
  return answers;
}

/**
 * "Password:" but not a one-time password: pam_oath asks "One-time password (OATH) for
 * `user':", and sending the admin password there would both fail and leak it to that prompt.
 */
function isPasswordPrompt(prompt: string): boolean {
  return /password/i.test(prompt) && !/one[- ]?time|\botp\b|oath|token|code|factor/i.test(prompt);
}

/** What the login attempt learnt, for telling the user why it failed. */
class AttemptState {
  constructor(readonly loginKind: LoginMethod['kind']) {}
  tcpConnected = false;
  /** Methods the server said it accepts (after our 'none' probe), or undefined before. */
  offeredMethods: AuthenticationType[] | undefined;
  triedMethods = new Set<AuthenticationType>();
  promptError: UserError | undefined;
  /** A prompt other than the password (a one-time code) was answered by `onPrompt`. */
  answeredCodePrompt = false;
}

/** One deadline for connect + handshake + login that can stand still while a human types. */
class Deadline {
  private timer: NodeJS.Timeout | undefined;
  private remainingMs: number;
  private startedAt = Date.now();

  constructor(limitMs: number, private readonly onExpire: () => void) {
    this.remainingMs = limitMs;
    this.resume();
  }

  pause(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.remainingMs -= Date.now() - this.startedAt;
  }

  resume(): void {
    if (this.timer) return;
    this.startedAt = Date.now();
    this.timer = setTimeout(this.onExpire, Math.max(this.remainingMs, 0));
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

type AuthHandler = (methodsLeft: AuthenticationType[] | null, partialSuccess: boolean | null, next: (method: AnyAuthMethod | false) => void) => void;

function makeAuthHandler(login: LoginMethod, state: AttemptState, client: Client, deadline: Deadline): NonNullable<ConnectConfig['authHandler']> {
  const handler: AuthHandler = (methodsLeft, _partialSuccess, next) => {
    const { username } = login;
    // Ask with 'none' first: the server's answer lists the methods it accepts, which tells
    // "wrong password" apart from "password logins are switched off".
    if (methodsLeft === null) return next({ type: 'none', username });
    state.offeredMethods ??= methodsLeft;
    const untried = (method: AuthenticationType) => methodsLeft.includes(method) && !state.triedMethods.has(method);
    const attempt = (method: AnyAuthMethod) => {
      state.triedMethods.add(method.type);
      next(method);
    };
    if (login.kind === 'key') {
      if (untried('publickey')) return attempt({ type: 'publickey', username, key: login.privateKey });
      return next(false);
    }
    // keyboard-interactive before password, as the OpenSSH client does: it is the method that
    // can ask for a one-time code, and with UsePAM a failed password attempt before it (PAM
    // asked for the code and got the password) leaves sshd unable to set up the session
    // ("pam_setcred(): Permission denied" with pam_oath) even after the code was accepted.
    if (untried('keyboard-interactive')) {
      return attempt({
        type: 'keyboard-interactive',
        username,
        prompt: (_name: string, _instructions: string, _lang: string, prompts: Prompt[], finish: KeyboardInteractiveCallback) => {
          deadline.pause();
          const onPrompt = login.onPrompt && ((prompt: string) => {
            state.answeredCodePrompt = true;
            return login.onPrompt!(prompt);
          });
          answerLoginPrompts(prompts, login.password, onPrompt).then(
            (answers) => {
              deadline.resume();
              finish(answers);
            },
            (error: unknown) => {
              state.promptError = error instanceof UserError ? error : new UserError('Answering the login prompt failed');
              client.destroy();
              client.emit('error', state.promptError);
            },
          );
        },
      });
    }
    if (untried('password')) return attempt({ type: 'password', username, password: login.password });
    return next(false);
  };
  return handler as unknown as NonNullable<ConnectConfig['authHandler']>;
}

/** Maps an ssh2 or socket error to a message naming host and port; `authFailure` for login errors. */
export function connectionError(error: Error & { level?: string; code?: string }, target: SshTarget, authFailure: () => UserError): UserError {
  const label = targetLabel(target);
  switch (error.code) {
    case 'ECONNREFUSED':
      return new UserError(`Cannot connect to ${label}: connection refused (is an SSH server running there?)`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new UserError(`Cannot reach ${label}: no route to the host`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new UserError(`Cannot connect to ${label}: the host name ${target.host} does not resolve`);
    case 'ETIMEDOUT':
      return new UserError(`Timed out connecting to ${label} (host down or port filtered?)`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new UserError(`${label} closed the connection during the SSH login`);
  }
  if (error.level === 'client-authentication') return authFailure();
  if (error.level === 'client-timeout') return new UserError(`${label} did not complete the SSH login within ${seconds(target.timeoutMs)}`);
  if (/before handshake/i.test(error.message)) return new UserError(`${label} closed the connection before the SSH handshake (is it an SSH server?)`);
  if (error.level === 'handshake' || error.level === 'protocol') {
    return new UserError(`SSH handshake with ${label} failed: ${printable(error.message)}`);
  }
  return new UserError(`SSH connection to ${label} failed: ${printable(error.message)}`);
}

function authenticationError(label: string, state: AttemptState): UserError {
  const offered = state.offeredMethods ?? [];
  const offeredText = offered.length ? offered.join(', ') : 'nothing';
  if (state.loginKind === 'key') {
    if (state.triedMethods.has('publickey')) return new UserError(`Authentication failed: ${label} did not accept the key for this user`);
    return new UserError(`${label} does not accept key logins (it offers: ${offeredText})`);
  }
  if (state.answeredCodePrompt) return new UserError('Authentication failed: wrong username, password or one-time code', { field: 'password' });
  if (state.triedMethods.has('password') || state.triedMethods.has('keyboard-interactive')) {
    return new UserError('Authentication failed: wrong username or password', { field: 'password' });
  }
  return new UserError(
    `${label} does not accept password logins (it offers: ${offeredText}): enable PasswordAuthentication or ` +
      'KbdInteractiveAuthentication there, or install the public key by hand and use a manual setup',
  );
}

export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** Server-sent text shown to the user: one line, printable, bounded. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 200);
}
