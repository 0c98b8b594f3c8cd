import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorMessage } from '../../common/errors.js';
import { EXTRA_RCLONE_OPTIONS, findProvider, isSecretField, validateAttributes, type Attributes, type ProviderDefinition, type RcloneContext } from '../../providers/index.js';
import { optionMappings } from '../../providers/rcloneOptions.js';
import { formatRcloneConf, parseRcloneConfText } from './configFile.js';
import { backendMissingMessage, DEFAULT_RCLONE, RCLONE_MISSING_MESSAGE, rcloneBackends, rcloneEnvironment } from './environment.js';
import { redact, summarizeRcloneError } from './errorSummary.js';
import { rcloneTempDirPrefix } from '../leftovers.js';
import { trackChildProcess } from '../childProcesses.js';
import { forgetTempFile, trackTempFile } from '../tempFiles.js';
import { toRcloneSection } from './section.js';

/**
 * rclone runs on a credential through a session: a temporary config (0600 in a fresh 0700
 * directory, removed by `close`) that holds the credential as one remote named `remote`, and
 * rclone processes started with only that config, a private home and the proxy settings.
 * Secrets go only into that file (obscured where rclone expects it), never into argv or the
 * environment. Verify (one `lsjson`) and off-box pushes (rcat, cat, moveto...) share it.
 */

/** The remote's name inside the temporary config: fixed, so user names never reach argv. */
export const SESSION_REMOTE = 'remote';

export type RcloneFailureReason =
  | 'rejected' // rclone ran and the service said no (or could not be reached)
  | 'invalid-attributes' // the attributes fail validation or cannot be mapped: rclone not run
  | 'rclone-missing'
  | 'backend-missing'
  | 'cancelled'
  | 'timed-out';

export interface RcloneFailure {
  reason: RcloneFailureReason;
  /** One clean line: no timestamp, no rclone wrapper prefixes, no secret. */
  message: string;
}

export interface SessionOptions {
  resolveKeypair?: RcloneContext['resolveKeypair'];
  /** Names the temporary directory (`nasconsole-<purpose>-...`): what left it, if it is ever left. */
  purpose?: 'verify' | 'push';
  rclonePath?: string;
  signal?: AbortSignal;
}

export interface RunOptions {
  /** Aborting kills rclone; the run is then `cancelled`. */
  signal?: AbortSignal;
  /** A last guard beyond rclone's own connect and I/O timeouts. */
  timeoutMs?: number;
  /** Called once rclone runs, with its pid: lets tests inspect the live process. */
  onSpawn?: (pid: number) => void;
  /** Written to rclone's stdin (rcat); stdin is closed otherwise. */
  input?: Buffer;
  /** Collect stdout up to this many bytes (cat, lsjson); more kills rclone. Ignored when absent. */
  maxStdout?: number;
}

export interface RcloneRun {
  outcome: 'exited' | 'missing' | 'spawn-error' | 'cancelled' | 'timed-out' | 'output-too-large';
  code: number | null;
  /** rclone's stderr, secrets redacted. */
  stderr: string;
  stdout: Buffer;
}

export const DEFAULT_RUN_TIMEOUT_MS = 120_000;
const KILL_GRACE_MS = 2_000;
const MAX_STDERR = 256 * 1024;

export class RcloneSession {
  private closed = false;

  constructor(
    readonly provider: ProviderDefinition,
    readonly dir: string,
    readonly configPath: string,
    /** The section as written, to tell a token rclone refreshed. */
    private readonly written: Record<string, string>,
    /** Plain and written secret values, redacted from anything rclone prints. */
    readonly secrets: readonly string[],
    readonly rclonePath: string,
  ) {}

  /** Runs rclone with exactly these arguments (the caller passes `--config configPath`). */
  run(args: string[], options: RunOptions = {}): Promise<RcloneRun> {
    return runRclone(this.rclonePath, args, this.dir, options).then((run) => ({ ...run, stderr: redact(run.stderr, this.secrets) }));
  }

  /** A failed run as one clean line, and why: the same words verify uses. */
  failureOf(run: RcloneRun, timeoutMs = DEFAULT_RUN_TIMEOUT_MS): RcloneFailure {
    switch (run.outcome) {
      case 'exited':
        if (/didn't find backend called/.test(run.stderr)) return { reason: 'backend-missing', message: backendMissingMessage(this.provider.rclone.type, this.provider.label) };
        return { reason: 'rejected', message: summarizeRcloneError(run.stderr, this.secrets) };
      case 'missing':
        return { reason: 'rclone-missing', message: RCLONE_MISSING_MESSAGE };
      case 'spawn-error':
        return { reason: 'rclone-missing', message: `Cannot run ${this.rclonePath}: ${run.stderr}` };
      case 'cancelled':
        return { reason: 'cancelled', message: 'Cancelled.' };
      case 'timed-out':
        return { reason: 'timed-out', message: `rclone did not finish within ${timeoutMs / 1000} s: the server may be unreachable or very slow.` };
      case 'output-too-large':
        return { reason: 'rejected', message: 'The remote sent more than was expected.' };
    }
  }

  /**
   * rclone refreshes an expired OAuth token while it works and writes the new one into the
   * config it was given, here the temporary one. Some providers (Box, OneDrive) rotate refresh
   * tokens, making the stored one useless: the new token, for the caller to save.
   */
  async refreshedToken(): Promise<Attributes | undefined> {
    if (!this.provider.fields.some((field) => field.key === 'token') || this.written.token === undefined) return undefined;
    try {
      const after = parseRcloneConfText(await readFile(this.configPath, 'utf8')).find((section) => section.name === SESSION_REMOTE);
      const token = after?.options.token;
      return token && token !== this.written.token ? { token } : undefined;
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await rm(this.dir, { recursive: true, force: true });
    forgetTempFile(this.dir);
  }
}

/**
 * Checks the attributes, maps them to an rclone remote, checks this rclone has the backend,
 * and writes the temporary config. Expected failures are results, not exceptions; rclone has
 * not run when one is returned.
 */
export async function openRcloneSession(providerId: string, attributes: Attributes, options: SessionOptions = {}): Promise<{ session: RcloneSession } | { failure: RcloneFailure }> {
  const provider = findProvider(providerId);
  const secrets = secretValues(provider, attributes);

  const { errors } = validateAttributes(providerId, attributes);
  const problems = Object.values(errors);
  if (problems.length > 0) return { failure: { reason: 'invalid-attributes', message: problems.join(' ') } };

  let section: Record<string, string>;
  try {
    section = toRcloneSection(providerId, attributes, {
      resolveKeypair: options.resolveKeypair ?? ((id) => { throw new Error(`keypair ${id} cannot be resolved here`); }),
    });
  } catch (error) {
    return { failure: { reason: 'invalid-attributes', message: redact(errorMessage(error), secrets) } };
  }
  secrets.push(...secretOptionValues(provider, section));

  const rclonePath = options.rclonePath ?? DEFAULT_RCLONE;
  const backends = await rcloneBackends(rclonePath);
  if (backends && !backends.has(provider.rclone.type)) {
    return { failure: { reason: 'backend-missing', message: backendMissingMessage(provider.rclone.type, provider.label) } };
  }
  if (options.signal?.aborted) return { failure: { reason: 'cancelled', message: 'Cancelled.' } };

  // The config holds the credential (rclone's obscuring is no encryption): the name carries our
  // process id so that the next start sweeps it if this process is killed (leftovers.ts).
  const dir = await mkdtemp(join(tmpdir(), rcloneTempDirPrefix(options.purpose ?? 'rclone')));
  trackTempFile(dir);
  try {
    await chmod(dir, 0o700);
    const configPath = join(dir, 'rclone.conf');
    await writeFile(configPath, formatRcloneConf([{ name: SESSION_REMOTE, options: section }]), { mode: 0o600, flag: 'wx' });
    return { session: new RcloneSession(provider, dir, configPath, section, secrets, rclonePath) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    forgetTempFile(dir);
    throw error;
  }
}

function runRclone(rclonePath: string, args: string[], dir: string, options: RunOptions): Promise<RcloneRun> {
  // Cancelled between two runs (Esc while a push was connecting): an abort that already
  // happened fires no event, so the next run would go on to its timeout.
  if (options.signal?.aborted) return Promise.resolve({ outcome: 'cancelled', code: null, stderr: '', stdout: Buffer.alloc(0) });
  return new Promise((resolve) => {
    const collectStdout = options.maxStdout !== undefined;
    const child = spawn(rclonePath, args, {
      cwd: dir,
      env: rcloneEnvironment(dir),
      stdio: [options.input ? 'pipe' : 'ignore', collectStdout ? 'pipe' : 'ignore', 'pipe'],
    });
    trackChildProcess(child);
    let stderr = '';
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stopped: 'cancelled' | 'timed-out' | 'output-too-large' | undefined;
    let spawnError: NodeJS.ErrnoException | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const stop = (why: 'cancelled' | 'timed-out' | 'output-too-large') => {
      if (stopped || child.exitCode !== null || child.signalCode !== null) return;
      stopped = why;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    const onAbort = () => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const guard = setTimeout(() => stop('timed-out'), options.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS);

    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      if (stderr.length < MAX_STDERR) stderr += chunk.slice(0, MAX_STDERR - stderr.length);
    });
    if (collectStdout) {
      child.stdout!.on('data', (chunk: Buffer) => {
        stdoutBytes += chunk.length;
        if (stdoutBytes > options.maxStdout!) stop('output-too-large');
        else stdout.push(chunk);
      });
    }
    if (options.input) {
      child.stdin!.on('error', () => {}); // rclone may exit before reading it all: its exit says why
      child.stdin!.end(options.input);
    }
    child.once('spawn', () => {
      if (child.pid !== undefined) options.onSpawn?.(child.pid);
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      spawnError = error;
    });
    child.once('close', (code) => {
      clearTimeout(guard);
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      if (spawnError) {
        const outcome = spawnError.code === 'ENOENT' ? 'missing' : 'spawn-error';
        resolve({ outcome, code: null, stderr: errorMessage(spawnError), stdout: Buffer.alloc(0) });
      } else {
        resolve({ outcome: stopped ?? 'exited', code, stderr, stdout: Buffer.concat(stdout) });
      }
    });
  });
}

/** The plain-text secrets of a credential, JSON secrets' inner tokens included, for redaction. */
function secretValues(provider: ProviderDefinition, attributes: Attributes): string[] {
  // Extra rclone options are secret like every undeclared attribute (short flags cannot be told from words).
  const extra = attributes[EXTRA_RCLONE_OPTIONS];
  const values: string[] = extra && typeof extra === 'object' ? Object.values(extra).filter((value): value is string => typeof value === 'string' && value.length >= 8) : [];
  for (const field of provider.fields) {
    const value = attributes[field.key];
    if (!isSecretField(field) || typeof value !== 'string' || value === '') continue;
    values.push(value);
    if (field.type === 'json') {
      try {
        const parsed = JSON.parse(value) as Record<string, unknown>;
        for (const inner of ['access_token', 'refresh_token', 'private_key', 'private_key_id']) {
          if (typeof parsed[inner] === 'string') values.push(parsed[inner] as string);
        }
      } catch {
        // validation already refused unparsable JSON
      }
    }
  }
  return values;
}

/** The config's secret values as written: obscured passwords, compacted JSON, the key PEM. */
function secretOptionValues(provider: ProviderDefinition, section: Record<string, string>): string[] {
  const secretFields = new Set(provider.fields.filter(isSecretField).map((field) => field.key));
  const options = new Set<string>([...(provider.rclone.obscured ?? []), 'key_pem']);
  for (const mapping of optionMappings(provider)) if (secretFields.has(mapping.key)) options.add(mapping.option);
  return [...options].map((option) => section[option]).filter((value): value is string => Boolean(value));
}
