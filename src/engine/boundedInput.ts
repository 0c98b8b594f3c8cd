import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { UserError } from '../common/errors.js';
import { printable } from '../common/printable.js';

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
  configUpload: { what: 'a configuration upload', maxBytes: 10 * MiB },
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
    // The file may grow while we read: never read more than the limit plus one byte to tell.
    const buffer = Buffer.alloc(Math.min(stat.size, limit.maxBytes) + 1);
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

/** A stream's bytes (stdin), up to the limit; refused, and the stream left, when it goes beyond. */
export async function readBoundedStream(stream: NodeJS.ReadableStream, limit: InputLimit, name = 'stdin'): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    length += bytes.length;
    if (length > limit.maxBytes) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw tooLargeError(limit, name);
    }
    chunks.push(bytes);
  }
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
