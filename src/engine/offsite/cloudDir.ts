import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import { cancelledError } from '../abortable.js';
import { MAX_UPLOAD_BYTES } from '../archive/uploadLimit.js';
import { keypairResolver } from '../cloud/credentialKeypairs.js';
import { openRcloneSession, SESSION_REMOTE, type RcloneRun, type RcloneSession } from '../rclone/index.js';
import type { Store } from '../store/index.js';
import type { OpenOptions, RemoteDir, RemoteEntry } from './remoteDir.js';

/**
 * A directory on a stored cloud credential, through rclone as verify runs it (one temporary
 * rclone session: the credential in a 0600 config, nothing secret in argv or the environment
 * of rclone). Each operation is one rclone command.
 */

/** rclone's exit status for "directory not found". */
const DIRECTORY_NOT_FOUND = 3;
const MAX_LISTING_BYTES = 8 * 1024 * 1024;
const RUN_TIMEOUT_MS = 10 * 60_000;
/** rclone buffers up to this much to send a file whole: every backup fits (see put). */
const STREAMING_CUTOFF = `${Math.ceil(MAX_UPLOAD_BYTES / (1024 * 1024))}M`;

export async function openCloudDir(store: Store, credentialId: number, path: string, options: OpenOptions = {}): Promise<RemoteDir> {
  const record = store.cloudCredentials.get(credentialId);
  const opened = await openRcloneSession(record.type, record.attributes, {
    resolveKeypair: keypairResolver(store),
    purpose: 'push',
    ...(options.rclonePath ? { rclonePath: options.rclonePath } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const label = `${record.name}:${path}`;
  if ('failure' in opened && opened.failure.reason === 'cancelled') throw cancelledError();
  if ('failure' in opened) throw new UserError(`${printable(label)}: ${printable(opened.failure.message)}`);
  return new CloudDir(store, record.id, typeof record.attributes.token === 'string' ? record.attributes.token : undefined, opened.session, path, label, options.signal);
}

class CloudDir implements RemoteDir {
  constructor(
    private readonly store: Store,
    private readonly credentialId: number,
    private readonly tokenBefore: string | undefined,
    private readonly session: RcloneSession,
    private readonly dir: string,
    readonly label: string,
    private readonly signal: AbortSignal | undefined,
  ) {}

  async list(): Promise<RemoteEntry[]> {
    const run = await this.rclone(['lsjson', '--files-only', '--no-mimetype', '--no-modtime', this.remote()], { maxStdout: MAX_LISTING_BYTES });
    if (run.outcome === 'exited' && run.code === DIRECTORY_NOT_FOUND) return [];
    this.check(run, 'list');
    let entries: Array<{ Name?: unknown; Size?: unknown; IsDir?: unknown }>;
    try {
      entries = JSON.parse(run.stdout.toString('utf8')) as typeof entries;
    } catch {
      throw new UserError(`${printable(this.label)}: rclone listed something that is not JSON.`);
    }
    return entries
      .filter((entry) => entry.IsDir !== true && typeof entry.Name === 'string')
      .map((entry) => ({ name: entry.Name as string, bytes: Number(entry.Size ?? -1) }));
  }

  async put(name: string, bytes: Buffer): Promise<void> {
    // Read whole into memory and sent with its size, so every backend gets a plain upload,
    // not a chunked stream: the cutoff is the largest backup there is (an upload's limit).
    const run = await this.rclone(['rcat', '--streaming-upload-cutoff', STREAMING_CUTOFF, this.remote(name)], { input: bytes });
    this.check(run, `write ${name}`);
  }

  async get(name: string, maxBytes: number): Promise<Buffer> {
    const run = await this.rclone(['cat', this.remote(name)], { maxStdout: maxBytes });
    if (run.outcome === 'output-too-large') throw new UserError(`${printable(this.label)}: ${printable(name)} is larger than a configuration backup may be.`);
    this.check(run, `read ${name}`);
    return run.stdout;
  }

  async rename(from: string, to: string): Promise<void> {
    this.check(await this.rclone(['moveto', this.remote(from), this.remote(to)]), `rename ${from}`);
  }

  async remove(name: string): Promise<void> {
    this.check(await this.rclone(['deletefile', this.remote(name)]), `remove ${name}`);
  }

  async close(): Promise<void> {
    try {
      await this.saveRefreshedToken();
    } finally {
      await this.session.close();
    }
  }

  /** A token rclone refreshed (and some providers rotate) is saved, as verify saves it. */
  private async saveRefreshedToken(): Promise<void> {
    const token = (await this.session.refreshedToken())?.token;
    if (typeof token !== 'string' || !this.store.db.open) return;
    this.store.write(() => {
      const current = this.store.cloudCredentials.find(this.credentialId);
      if (!current || current.attributes.token !== this.tokenBefore) return; // changed meanwhile: theirs wins
      this.store.cloudCredentials.update(current.id, { attributes: { ...current.attributes, token } });
    });
  }

  private remote(name?: string): string {
    const dir = this.dir.replace(/\/+$/, '');
    return `${SESSION_REMOTE}:${name === undefined ? dir : dir === '' ? name : `${dir}/${name}`}`;
  }

  private rclone(args: string[], options: { input?: Buffer; maxStdout?: number } = {}): Promise<RcloneRun> {
    return this.session.run(
      [
        '--config', this.session.configPath,
        '--contimeout', '15s',
        '--timeout', '30s',
        '--ask-password=false',
        // A few low-level retries ride out a dropped connection; more make a destination that
        // is down take minutes to report.
        '--low-level-retries', '3',
        '--retries', '1',
        ...args,
      ],
      { ...options, timeoutMs: RUN_TIMEOUT_MS, ...(this.signal ? { signal: this.signal } : {}) },
    );
  }

  private check(run: RcloneRun, step: string): void {
    if (run.outcome === 'exited' && run.code === 0) return;
    if (run.outcome === 'cancelled') throw cancelledError();
    const { message } = this.session.failureOf(run, RUN_TIMEOUT_MS);
    throw new UserError(`${printable(this.label)}: cannot ${printable(step)}: ${printable(message)}`);
  }
}
