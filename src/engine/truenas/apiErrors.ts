import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';

/**
 * An error the TrueNAS middleware answered to a call, in either protocol. The middleware sends
 * `{error: errno, errname, reason, extra}`: a CallError's reason starts with `[ERRNAME] `, a
 * validation error lists `[attribute, message, errno]` triples in `extra`. The JSON-RPC
 * protocol wraps that in `{code: -32001, message: "Method call error", data: {...}}` (-32602
 * "Invalid params" for validation errors, -32601 "Method does not exist" without data).
 */
export class TrueNasCallError extends UserError {
  constructor(
    readonly method: string,
    /** `ENOENT`, `ENOTAUTHENTICATED`, `EINVAL`...; empty when the server named none. */
    readonly errname: string,
    readonly errno: number | null,
    /** What the server said, one printable line, without the `[ERRNAME] ` prefix. */
    readonly serverReason: string,
    /** The JSON-RPC error code (-32001, -32601...), when the call went over JSON-RPC. */
    readonly rpcCode: number | null,
  ) {
    super(`${serverReason}${errname ? ` (${errname})` : ''}`);
    this.name = 'TrueNasCallError';
  }
}

/** ENOMETHOD (legacy) and JSON-RPC's -32601: the server has no such method (an older release). */
export const ENOMETHOD = 201;
export const JSONRPC_METHOD_NOT_FOUND = -32601;

export function isMissingMethod(error: unknown): boolean {
  return error instanceof TrueNasCallError && (error.rpcCode === JSONRPC_METHOD_NOT_FOUND || error.errno === ENOMETHOD);
}

/** The middleware's error object (`data` of a JSON-RPC error, `error` of a legacy result). */
export function callErrorFrom(method: string, error: unknown, rpc?: { code: number; message: string }): TrueNasCallError {
  const body = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const errname = typeof body.errname === 'string' ? printable(body.errname).slice(0, 40) : '';
  const errno = typeof body.error === 'number' ? body.error : null;
  const validation = Array.isArray(body.extra) ? body.extra.filter(Array.isArray).map(validationText).filter(Boolean) : [];
  const reasonText = typeof body.reason === 'string' ? body.reason : rpc?.message ?? 'unknown error';
  const reason = validation.length > 0 ? validation.join('; ') : oneLine(reasonText.replace(/^\s*\[[A-Z0-9_]+\]\s*/, ''));
  return new TrueNasCallError(method, errname, errno, reason, rpc?.code ?? null);
}

function validationText(entry: unknown[]): string {
  const [attribute, message] = entry;
  if (typeof message !== 'string') return '';
  return oneLine(typeof attribute === 'string' && attribute ? `${attribute}: ${message}` : message);
}

/** Server text for one line of ours: lines joined, control characters escaped, bounded. */
export function oneLine(text: string): string {
  return printable(text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).join(' / ')).slice(0, 300);
}
