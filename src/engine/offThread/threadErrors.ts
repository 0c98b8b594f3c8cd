import { errorMessage, UserError, type UserErrorOptions } from '../../common/errors.js';

/** An error as it crosses a thread boundary: structured clone keeps neither its class nor its fields. */
export type ThreadError =
  | { readonly user: true; readonly name: string; readonly message: string; readonly options: UserErrorOptions }
  | { readonly user: false; readonly name: string; readonly message: string };

export function describeError(error: unknown): ThreadError {
  const name = error instanceof Error ? error.name : 'Error';
  if (!(error instanceof UserError)) return { user: false, name, message: errorMessage(error) };
  const options: UserErrorOptions = { exitCode: error.exitCode, ...(error.reason ? { reason: error.reason } : {}), ...(error.field ? { field: error.field } : {}) };
  return { user: true, name, message: error.message, options };
}

/** The same one line, reason and field as in the worker: a screen's way out of a refusal still works. */
export function rebuildError(described: ThreadError): Error {
  const error = described.user ? new UserError(described.message, described.options) : new Error(described.message);
  error.name = described.name;
  return error;
}
