import { posix } from 'node:path';
import type { SFTPWrapper } from 'ssh2';
import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import { cancelledError, throwIfAborted } from '../abortable.js';
import { connectionLogin } from '../keychain/connections.js';
import { getKeychainRecord, SSH_CREDENTIALS } from '../keychain/records.js';
import { openPinnedKeySession, type SshSession } from '../ssh/index.js';
import type { Store } from '../store/index.js';
import type { OpenOptions, RemoteDir, RemoteEntry } from './remoteDir.js';

/**
 * A directory over SFTP on a stored SSH connection: logged in with its keypair, on a server
 * that shows one of its pinned host keys (a changed key is refused, loudly, as a test does).
 */

const NO_SUCH_FILE = 2;
const WRITE_CHUNK = 32 * 1024;
const READ_CHUNK = 32 * 1024;

export async function openSftpDir(store: Store, connectionId: number, path: string, options: OpenOptions = {}): Promise<RemoteDir> {
  const record = getKeychainRecord(store, connectionId, SSH_CREDENTIALS);
  const login = connectionLogin(store, record);
  throwIfAborted(options.signal);
  const { session } = await openPinnedKeySession({ ...login, ...(options.signal ? { signal: options.signal } : {}) });
  const label = `${login.username}@${login.host}:${login.port}:${path}`;
  try {
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) => {
      session.client.sftp((error, wrapper) => (error ? reject(sftpError(label, 'start SFTP', error)) : resolve(wrapper)));
    });
    return new SftpDir(session, sftp, path, label, options.signal);
  } catch (error) {
    session.close();
    throw error;
  }
}

class SftpDir implements RemoteDir {
  private readonly onAbort = () => this.session.client.destroy();

  constructor(
    private readonly session: SshSession,
    private readonly sftp: SFTPWrapper,
    private readonly dir: string,
    readonly label: string,
    private readonly signal: AbortSignal | undefined,
  ) {
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  async list(): Promise<RemoteEntry[]> {
    try {
      const entries = await this.call<{ filename: string; attrs: { size: number; isFile(): boolean } }[]>('list', (done) => this.sftp.readdir(this.dir, done));
      return entries.filter((entry) => entry.attrs.isFile()).map((entry) => ({ name: entry.filename, bytes: entry.attrs.size }));
    } catch (error) {
      if (codeOf(error) === NO_SUCH_FILE) return [];
      throw error;
    }
  }

  async put(name: string, bytes: Buffer): Promise<void> {
    await this.makeDirectory(this.dir);
    const path = this.pathOf(name);
    const handle = await this.call<Buffer>(`write ${name}`, (done) => this.sftp.open(path, 'wx', { mode: 0o600 }, done));
    try {
      for (let offset = 0; offset < bytes.length; offset += WRITE_CHUNK) {
        const length = Math.min(WRITE_CHUNK, bytes.length - offset);
        await this.call(`write ${name}`, (done) => this.sftp.write(handle, bytes, offset, length, offset, done));
      }
      // On the disk before it gets its final name, where the server can say so.
      await this.call(`write ${name}`, (done) => this.sftp.ext_openssh_fsync(handle, done)).catch(ignoreUnsupported);
    } finally {
      await this.call(`write ${name}`, (done) => this.sftp.close(handle, done));
    }
  }

  async get(name: string, maxBytes: number): Promise<Buffer> {
    const path = this.pathOf(name);
    const handle = await this.call<Buffer>(`read ${name}`, (done) => this.sftp.open(path, 'r', done));
    try {
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const chunk = Buffer.alloc(READ_CHUNK);
        // ssh2 reports the end of the file as 0 bytes read.
        const read = await this.call<number>(`read ${name}`, (done) => this.sftp.read(handle, chunk, 0, READ_CHUNK, total, (error, bytesRead) => done(error, bytesRead)));
        if (read === 0) break;
        total += read;
        if (total > maxBytes) throw new UserError(`${printable(this.label)}: ${printable(name)} is larger than a configuration backup may be.`);
        chunks.push(chunk.subarray(0, read));
      }
      return Buffer.concat(chunks);
    } finally {
      await this.call(`read ${name}`, (done) => this.sftp.close(handle, done)).catch(() => {});
    }
  }

  async rename(from: string, to: string): Promise<void> {
    const [source, target] = [this.pathOf(from), this.pathOf(to)];
    try {
      // posix-rename replaces the target atomically; plain SFTP rename refuses an existing one.
      await this.call(`rename ${from}`, (done) => this.sftp.ext_openssh_rename(source, target, done));
    } catch (error) {
      if (!isUnsupported(error)) throw error;
      await this.call(`remove ${to}`, (done) => this.sftp.unlink(target, done)).catch((unlinkError) => {
        if (codeOf(unlinkError) !== NO_SUCH_FILE) throw unlinkError;
      });
      await this.call(`rename ${from}`, (done) => this.sftp.rename(source, target, done));
    }
  }

  async remove(name: string): Promise<void> {
    await this.call(`remove ${name}`, (done) => this.sftp.unlink(this.pathOf(name), done));
  }

  async close(): Promise<void> {
    this.signal?.removeEventListener('abort', this.onAbort);
    this.sftp.end();
    this.session.close();
  }

  private async makeDirectory(dir: string): Promise<void> {
    try {
      await this.call<unknown>('list', (done) => this.sftp.stat(dir, done));
      return;
    } catch (error) {
      if (codeOf(error) !== NO_SUCH_FILE) throw error;
    }
    const parent = posix.dirname(dir);
    if (parent !== dir) await this.makeDirectory(parent);
    await this.call(`create ${dir}`, (done) => this.sftp.mkdir(dir, { mode: 0o700 }, done));
  }

  private pathOf(name: string): string {
    return posix.join(this.dir, name);
  }

  /** One SFTP request as a promise; its error as one line naming the destination and the step. */
  private call<T = void>(step: string, request: (done: (error: Error | undefined | null, value?: T) => void) => void): Promise<T> {
    return new Promise((resolve, reject) => {
      if (this.signal?.aborted) return reject(cancelledError());
      try {
        request((error, value) => (error ? reject(this.signal?.aborted ? cancelledError() : sftpError(this.label, step, error)) : resolve(value as T)));
      } catch (error) {
        reject(sftpError(this.label, step, error as Error));
      }
    });
  }
}

class SftpStepError extends UserError {
  constructor(message: string, readonly code: number | undefined, readonly unsupported: boolean) {
    super(message);
    this.name = 'SftpStepError';
  }
}

function sftpError(label: string, step: string, error: Error & { code?: unknown }): SftpStepError {
  const code = typeof error.code === 'number' ? error.code : undefined;
  const unsupported = /does not support this extended request/.test(error.message);
  return new SftpStepError(`${printable(label)}: cannot ${printable(step)}: ${printable(error.message)}`, code, unsupported);
}

function codeOf(error: unknown): number | undefined {
  return error instanceof SftpStepError ? error.code : undefined;
}

function isUnsupported(error: unknown): boolean {
  return error instanceof SftpStepError && error.unsupported;
}

function ignoreUnsupported(error: unknown): void {
  if (!isUnsupported(error)) throw error;
}
