import { UserError } from '../common/errors.js';
import { formatLimit, INPUT_LIMITS, readBoundedInput, type InputKind } from '../engine/boundedInput.js';

/**
 * Files and stdin the scripted commands read: a regular file, or `-` for stdin, never more
 * than the input's limit (engine/boundedInput.ts), which every command's --help states.
 */
export function readInput(source: string, kind: InputKind): Promise<Buffer> {
  return readBoundedInput(source, INPUT_LIMITS[kind]);
}

/** Text input: UTF-8, refused when it is not. */
export async function readTextInput(source: string, kind: InputKind): Promise<string> {
  const bytes = await readInput(source, kind);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`${source === '-' ? 'stdin' : source} is not UTF-8 text.`);
  }
}

/** "at most 1 MiB": for option descriptions and --help texts. */
export function limitOf(kind: InputKind): string {
  return `at most ${formatLimit(INPUT_LIMITS[kind].maxBytes)}`;
}
