/**
 * Errors of the test TrueNAS API, shaped as the middleware sends them (service_exception.py,
 * api/base/server/ws_handler/rpc.py for JSON-RPC, apps/websocket_app.py for the legacy
 * protocol). A CallError's reason is `[ERRNAME] message`; validation errors carry
 * `[attribute, message, errno]` triples in `extra`; any other exception (MatchNotFound) is
 * EINVAL with its repr as the reason.
 */

export const ERRNO = { ENOENT: 2, EAGAIN: 11, EACCES: 13, EFAULT: 14, EINVAL: 22, ENOMETHOD: 201, ENOTAUTHENTICATED: 207 } as const;
const ERRNAMES = new Map<number, string>(Object.entries(ERRNO).map(([name, code]) => [code, name]));

export const JSONRPC = { METHOD_NOT_FOUND: -32601, INVALID_PARAMS: -32602, CALL_ERROR: -32001 } as const;

export class CallError extends Error {
  constructor(
    readonly errmsg: string,
    readonly errno: number = ERRNO.EFAULT,
  ) {
    super(`[${errname(errno)}] ${errmsg}`);
  }
}

export class ValidationErrors extends Error {
  constructor(readonly errors: [string, string, number][]) {
    super(errors.map(([attribute, message, code]) => `[${errname(code)}] ${attribute}: ${message}\n`).join(''));
  }
}

/** `user.query(..., {"get": true})` without a match. */
export class MatchNotFound extends Error {
  constructor() {
    super('');
  }
}

export function errname(code: number): string {
  return ERRNAMES.get(code) ?? 'EUNKNOWN';
}

function trace(error: Error): { class: string; formatted: string; repr: string } {
  return { class: error.constructor.name, formatted: `Traceback (most recent call last):\n  ...\n${error.constructor.name}: ${error.message}\n`, repr: `${error.constructor.name}()` };
}

/** The middleware's error dict for `error`; `legacy` adds the `type` member of that protocol. */
function errorDict(error: Error, legacy: boolean): Record<string, unknown> {
  if (error instanceof ValidationErrors) {
    const code = legacy ? ERRNO.EAGAIN : ERRNO.EINVAL;
    return { error: code, errname: errname(code), ...(legacy ? { type: 'VALIDATION' } : {}), reason: error.message, trace: trace(error), extra: error.errors };
  }
  if (error instanceof CallError) {
    return { error: error.errno, errname: errname(error.errno), ...(legacy ? { type: null } : {}), reason: error.message, trace: trace(error), extra: null };
  }
  const reason = error.message || `${error.constructor.name}()`;
  return { error: ERRNO.EINVAL, errname: 'EINVAL', ...(legacy ? { type: null } : {}), reason, trace: trace(error), extra: null };
}

export function jsonRpcError(id: unknown, error: Error): Record<string, unknown> {
  const code = error instanceof ValidationErrors ? JSONRPC.INVALID_PARAMS : JSONRPC.CALL_ERROR;
  const message = error instanceof ValidationErrors ? 'Invalid params' : 'Method call error';
  return { jsonrpc: '2.0', error: { code, message, data: errorDict(error, false) }, id };
}

export function jsonRpcMethodNotFound(id: unknown): Record<string, unknown> {
  return { jsonrpc: '2.0', error: { code: JSONRPC.METHOD_NOT_FOUND, message: 'Method does not exist' }, id };
}

export function legacyError(id: unknown, error: Error): Record<string, unknown> {
  return { msg: 'result', id, error: errorDict(error, true) };
}

/** What the legacy protocol answers for an unknown method (utils/service/call.py). */
export function legacyMethodNotFound(method: string): CallError {
  const [service, name] = [method.split('.').slice(0, -1).join('.'), method.split('.').at(-1)];
  return new CallError(`Method '${name}' not found in '${service}'`, ERRNO.ENOMETHOD);
}
