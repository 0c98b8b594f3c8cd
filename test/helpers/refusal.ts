import { expect } from 'vitest';
import { UserError } from '../../src/common/errors.js';

/**
 * The UserError that `work` (a promise, or a function that throws or rejects) ends in: one
 * line, and none of `secrets` in it. Fails the test when it succeeds or throws anything else.
 */
export async function refusal(work: Promise<unknown> | (() => unknown), secrets: readonly string[] = []): Promise<UserError> {
  let caught: unknown;
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UserError);
  const { message } = caught as UserError;
  expect(message).not.toContain('\n');
  for (const secret of secrets) expect(message).not.toContain(secret);
  return caught as UserError;
}
