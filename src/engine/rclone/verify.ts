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
import { toRcloneSection } from './section.js';

export type VerifyFailure =
  | 'rejected' // rclone ran and the service said no (or could not be reached)
  | 'invalid-attributes' // the attributes fail validation or cannot be mapped: rclone not run
  | 'rclone-missing'
  | 'backend-missing'
  | 'cancelled'
  | 'timed-out';

export type VerifyResult =
  | { ok: true; refreshedAttributes?: Attributes }
  | {
      ok: false;
      reason: VerifyFailure;
      /** One clean line: no timestamp, no rclone wrapper prefixes, no secret. */
      message: string;
      /** rclone's full stderr (secrets redacted), for "show details". */
      details: string;
      refreshedAttributes?: Attributes;
    };

export interface VerifyOptions {
  resolveKeypair?: RcloneContext['resolveKeypair'];
  /** Aborting kills rclone (Esc in the UI); the result is then { reason: 'cancelled' }. */
  signal?: AbortSignal;
  rclonePath?: string;
  /** A last guard beyond rclone's own connect and I/O timeouts. */
  timeoutMs?: number;
  /** Called once rclone runs, with its pid: lets tests inspect the live process. */
  onSpawn?: (pid: number) => void;
}

/** The remote's name inside the temporary config: fixed, so user names never reach argv. */
const REMOTE = 'remote';
const DEFAULT_TIMEOUT_MS = 120_000;
const KILL_GRACE_MS = 2_000;
const MAX_STDERR = 256 * 1024;

/** The rclone command line for a config file: no secret in it, ever (tests check). */
export function verifyArguments(configPath: string): string[] {
  return [
    '--config', configPath,
    '--contimeout', '15s',
    '--timeout', '30s',
    '--ask-password=false', // never wait for a prompt nobody sees
    // A refusal is an answer: rclone's default 10 low-level retries made a wrong SFTP
    // password take ~50 s to report. One attempt tells "valid or not".
    '--low-level-retries', '1',
    'lsjson', '--no-modtime', '--no-mimetype', // listing is the test; per-object metadata is not
    `${REMOTE}:`,
  ];
}

/**
 * Verifies a credential the way the original system does: a temporary rclone config (0600 in
 * a fresh 0700 directory, removed on every path) and `rclone lsjson remote:`; valid = exit 0.
 * Secrets go only into that file (obscured where rclone expects it), never into argv or the
 * environment. Expected failures are results, not exceptions.
 */
export async function verifyCredential(providerId: string, attributes: Attributes, options: VerifyOptions = {}): Promise<VerifyResult> {
  const provider = findProvider(providerId);
  const secrets = secretValues(provider, attributes);

  const { errors } = validateAttributes(providerId, attributes);
  const problems = Object.values(errors);
  if (problems.length > 0) return failure('invalid-attributes', problems.join(' '), '');

  let section: Record<string, string>;
  try {
    section = toRcloneSection(providerId, attributes, {
      resolveKeypair: options.resolveKeypair ?? ((id) => { throw new Error(`keypair ${id} cannot be resolved here`); }),
    });
  } catch (error) {
    return failure('invalid-attributes', redact(errorMessage(error), secrets), '');
  }
  secrets.push(...secretOptionValues(provider, section));

  const rclonePath = options.rclonePath ?? DEFAULT_RCLONE;
  const backends = await rcloneBackends(rclonePath);
  if (backends && !backends.has(provider.rclone.type)) {
    return failure('backend-missing', backendMissingMessage(provider.rclone.type, provider.label), '');
  }
  if (options.signal?.aborted) return failure('cancelled', 'Verification cancelled.', '');

  const dir = await mkdtemp(join(tmpdir(), 'nasconsole-verify-'));
  try {
    await chmod(dir, 0o700);
    const configPath = join(dir, 'rclone.conf');
    const written = formatRcloneConf([{ name: REMOTE, options: section }]);
    await writeFile(configPath, written, { mode: 0o600, flag: 'wx' });

    const run = await runRclone(rclonePath, verifyArguments(configPath), dir, options);
    const refreshedAttributes = await refreshedToken(provider, configPath, section);
    const extra = refreshedAttributes ? { refreshedAttributes } : {};
    const details = redact(run.stderr, secrets);

    switch (run.outcome) {
      case 'exited':
        if (run.code === 0) return { ok: true, ...extra };
        if (/didn't find backend called/.test(run.stderr)) {
          return { ...failure('backend-missing', backendMissingMessage(provider.rclone.type, provider.label), details), ...extra };
        }
        return { ...failure('rejected', summarizeRcloneError(run.stderr, secrets), details), ...extra };
      case 'missing':
        return failure('rclone-missing', RCLONE_MISSING_MESSAGE, run.stderr);
      case 'spawn-error':
        return failure('rclone-missing', `Cannot run ${rclonePath}: ${run.stderr}`, run.stderr);
      case 'cancelled':
        return failure('cancelled', 'Verification cancelled.', details);
      case 'timed-out':
        return failure('timed-out', `rclone did not finish within ${(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s: the server may be unreachable or very slow.`, details);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function failure(reason: VerifyFailure, message: string, details: string): VerifyResult {
  return { ok: false, reason, message, details };
}

interface RcloneRun {
  outcome: 'exited' | 'missing' | 'spawn-error' | 'cancelled' | 'timed-out';
  code: number | null;
  stderr: string;
}

function runRclone(rclonePath: string, args: string[], dir: string, options: VerifyOptions): Promise<RcloneRun> {
  return new Promise((resolve) => {
    const child = spawn(rclonePath, args, { cwd: dir, env: rcloneEnvironment(dir), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let stopped: 'cancelled' | 'timed-out' | undefined;
    let spawnError: NodeJS.ErrnoException | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const stop = (why: 'cancelled' | 'timed-out') => {
      if (stopped || child.exitCode !== null || child.signalCode !== null) return;
      stopped = why;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    const onAbort = () => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const guard = setTimeout(() => stop('timed-out'), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);

    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < MAX_STDERR) stderr += chunk.slice(0, MAX_STDERR - stderr.length);
    });
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
        resolve({ outcome, code: null, stderr: errorMessage(spawnError) });
      } else {
        resolve({ outcome: stopped ?? 'exited', code, stderr });
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

/**
 * rclone refreshes an expired OAuth token during the listing and writes the new one into the
 * config it was given, here the temporary one. Some providers (Box, OneDrive) rotate refresh
 * tokens, making the stored one useless: hand the new token back for the caller to save.
 */
async function refreshedToken(provider: ProviderDefinition, configPath: string, written: Record<string, string>): Promise<Attributes | undefined> {
  if (!provider.fields.some((field) => field.key === 'token') || written.token === undefined) return undefined;
  try {
    const after = parseRcloneConfText(await readFile(configPath, 'utf8')).find((section) => section.name === REMOTE);
    const token = after?.options.token;
    return token && token !== written.token ? { token } : undefined;
  } catch {
    return undefined;
  }
}
