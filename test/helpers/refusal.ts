import { expect } from 'vitest';
import { UserError } from '../../src/common/errors.js';

/** The UserError a promise rejects with: one line, without any of `secrets`. */
export async function expectRefusal(promise: Promise<unknown>, secrets: string[] = []): Promise<UserError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(UserError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  for (const secret of secrets) expect(message).not.toContain(secret);
  return error as UserError;
}
