import { formatLimit, INPUT_LIMITS, inputText, readBoundedInput, type InputKind } from '../engine/boundedInput.js';

/**
 * Files and stdin the scripted commands read: a regular file, or `-` for stdin, never more
 * than the input's limit (engine/boundedInput.ts), which every command's --help states.
 */
export function readInput(source: string, kind: InputKind): Promise<Buffer> {
  return readBoundedInput(source, INPUT_LIMITS[kind]);
}

/** Text input: UTF-8, refused when it is not. */
export async function readTextInput(source: string, kind: InputKind): Promise<string> {
  return inputText(await readInput(source, kind), source === '-' ? 'stdin' : source);
}

/** "at most 1 MiB": for option descriptions and --help texts. */
export function limitOf(kind: InputKind): string {
  return `at most ${formatLimit(INPUT_LIMITS[kind].maxBytes)}`;
}
