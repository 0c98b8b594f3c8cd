import { closeSync, constants, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { UserError } from '../common/errors.js';
import { printable } from '../common/printable.js';
import { MAX_CONFIGURATION_FILE_BYTES } from './store/capacity.js';

/**
 * Every file or stream the user hands us is read through here: only a regular file or stdin
 * (`-`), never more than its limit. `/dev/zero` would otherwise grow until memory runs out, a
 * FIFO would block forever, a directory or a device is never what was meant.
 */
export interface InputLimit {
  /** What the input is, for messages: "a private key file". */
  what: string;
  maxBytes: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/** The limits, one place: `--help` texts and the README quote them from here. */
export const INPUT_LIMITS = {
  passphrase: { what: 'a passphrase', maxBytes: 4 * KiB },
  password: { what: 'a password', maxBytes: 4 * KiB },
  oneTimeCode: { what: 'a one-time code', maxBytes: 256 },
  seed: { what: 'a secret seed (pwenc_secret)', maxBytes: 4 * KiB },
  attributes: { what: 'an attributes file', maxBytes: 1 * MiB },
  privateKey: { what: 'a private key file', maxBytes: 16 * KiB },
  publicKey: { what: 'a public key file', maxBytes: 16 * KiB },
  hostKeys: { what: 'a host key file', maxBytes: 4 * MiB },
  poolKeys: { what: 'a pool keys file', maxBytes: 1 * MiB },
  rcloneConf: { what: 'an rclone.conf', maxBytes: 4 * MiB },
  serviceAccount: { what: 'a service account key file', maxBytes: 64 * KiB },
  // Not TrueNAS's 10 MiB: what the store can hold (store/capacity.ts), so every archive we write uploads again.
  configUpload: { what: 'a configuration upload', maxBytes: MAX_CONFIGURATION_FILE_BYTES },
  trueNasConfig: { what: 'a TrueNAS configuration', maxBytes: 64 * MiB },
  identity: { what: 'an age identity file', maxBytes: 64 * KiB },
} as const satisfies Record<string, InputLimit>;

export type InputKind = keyof typeof INPUT_LIMITS;

/** "1 MiB", "256 KiB", "4096 bytes": how a limit reads in help texts and messages. */
export function formatLimit(maxBytes: number): string {
  if (maxBytes >= MiB && maxBytes % MiB === 0) return `${maxBytes / MiB} MiB`;
  if (maxBytes >= KiB && maxBytes % KiB === 0) return `${maxBytes / KiB} KiB`;
  return `${maxBytes} bytes`;
}

export function tooLargeError(limit: InputLimit, name: string): UserError {
  return new UserError(`${printable(name)} is larger than ${limit.what} may be (at most ${formatLimit(limit.maxBytes)}).`, { reason: 'too-large' });
}

/**
 * A regular file's bytes, up to the limit. Opened without blocking (a FIFO swapped in after
 * a check would otherwise hang the open) and checked on the open descriptor.
 */
export function readBoundedFile(path: string, limit: InputLimit): Buffer {
  const { fd, size } = openBoundedFile(path, limit);
  try {
    // The file may grow while we read: never read more than the limit plus one byte to tell.
    const buffer = Buffer.alloc(Math.min(size, limit.maxBytes) + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > limit.maxBytes) throw tooLargeError(limit, path);
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a regular file for reading, refused (and closed) at once when it is anything else or
 * when fstat says it is over the limit: a 3 GiB file is refused without a byte read.
 */
function openBoundedFile(path: string, limit: InputLimit): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw new UserError(`Cannot read ${printable(path)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UserError(`${printable(path)} is a directory, not ${limit.what}.`);
    if (!stat.isFile()) throw new UserError(`${printable(path)} is not a regular file: give ${limit.what} as a file or on stdin (-).`);
    if (stat.size > limit.maxBytes) throw tooLargeError(limit, path);
    return { fd, size: stat.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** An input read piece by piece (an upload), never holding it whole. */
export interface BoundedInputStream {
  /** What messages call it: the path, or "stdin". */
  name: string;
  /** The chunks, refused with a UserError as soon as they add up to more than the limit. */
  chunks: AsyncIterable<Buffer>;
}

/**
 * A file (checked as readBoundedFile checks it: regular, and not over the limit by its size)
 * or stdin (`-`), as chunks that stop at the limit. Nothing is read until they are iterated.
 */
export function openBoundedInputStream(source: string, limit: InputLimit, stdin: NodeJS.ReadableStream = process.stdin): BoundedInputStream {
  if (source === '-') return { name: 'stdin', chunks: limitedChunks(stdin, limit, 'stdin') };
  const { fd } = openBoundedFile(source, limit);
  return { name: source, chunks: limitedChunks(createReadStream('', { fd, highWaterMark: 1024 * 1024 }), limit, source) };
}

async function* limitedChunks(stream: NodeJS.ReadableStream, limit: InputLimit, name: string): AsyncGenerator<Buffer> {
  let length = 0;
  let ended = false;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      length += bytes.length;
      if (length > limit.maxBytes) throw tooLargeError(limit, name);
      yield bytes;
    }
    ended = true;
  } finally {
    // Refused, or left by the reader (a bad archive): the stream is not read on.
    if (!ended) (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  }
}

/** A stream's bytes (stdin), up to the limit; refused, and the stream left, when it goes beyond. */
async function readBoundedStream(stream: NodeJS.ReadableStream, limit: InputLimit, name = 'stdin'): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of limitedChunks(stream, limit, name)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Input bytes as text: UTF-8, refused when they are not (`name` says which input, for the message). */
export function inputText(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`${printable(name)} is not UTF-8 text.`);
  }
}

/** A file path, or `-` for stdin. */
export async function readBoundedInput(source: string, limit: InputLimit, stdin: NodeJS.ReadableStream = process.stdin): Promise<Buffer> {
  return source === '-' ? readBoundedStream(stdin, limit) : readBoundedFile(source, limit);
}
