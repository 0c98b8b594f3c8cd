import { execFile } from 'node:child_process';
import { trackChildProcess } from '../childProcesses.js';

export const DEFAULT_RCLONE = 'rclone';
const FALLBACK_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const PROXY_VARIABLES = ['http_proxy', 'https_proxy', 'no_proxy', 'all_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY'];
// Where the machine keeps its trusted certificate authorities (a private CA for a self-hosted
// S3 or Storj gateway): rclone, a Go program, reads these like OpenSSL does.
const TRUST_VARIABLES = ['SSL_CERT_FILE', 'SSL_CERT_DIR'];

/**
 * The whole environment rclone runs with. Not the caller's: inherited variables change what
 * rclone does (an AWS_CA_BUNDLE makes the S3 backend of Debian's rclone 1.60 fail whatever the
 * credentials; RCLONE_* would override the config; SSH_AUTH_SOCK would offer the user's agent
 * keys; AWS_* and OS_* feed env_auth). Only the path, a private home and temp dir, and the
 * proxy and certificate-trust settings the network may need.
 */
export function rcloneEnvironment(privateDir: string, from: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = { PATH: from.PATH || FALLBACK_PATH, HOME: privateDir, TMPDIR: privateDir };
  for (const name of [...PROXY_VARIABLES, ...TRUST_VARIABLES]) {
    const value = from[name];
    if (value) env[name] = value;
  }
  return env;
}

export const RCLONE_MISSING_MESSAGE =
  'rclone is not installed: install the Debian package rclone (apt-get install rclone) or get it from rclone.org.';

export function backendMissingMessage(type: string, providerLabel: string): string {
  return `This rclone has no "${type}" backend, so ${providerLabel} cannot be verified: Debian's rclone package leaves some backends out; install rclone from https://rclone.org/install/ for a build that has them.`;
}

const backendCache = new Map<string, Promise<Set<string> | undefined>>();

/**
 * The backend names (and prefixes) this rclone knows, from `rclone config providers`, once per
 * process and rclone path. Undefined when rclone cannot say (missing, or too old to print
 * JSON): verify then relies on rclone's own "didn't find backend" error.
 */
export function rcloneBackends(rclonePath = DEFAULT_RCLONE): Promise<Set<string> | undefined> {
  let cached = backendCache.get(rclonePath);
  if (!cached) {
    cached = new Promise((resolve) => {
      const child = execFile(
        rclonePath,
        ['config', 'providers'],
        { env: rcloneEnvironment('/nonexistent'), maxBuffer: 32 * 1024 * 1024, timeout: 30_000 },
        (error, stdout) => {
          if (error) return resolve(undefined);
          try {
            const list = JSON.parse(stdout) as Array<{ Name?: string; Prefix?: string }>;
            resolve(new Set(list.flatMap((backend) => [backend.Name, backend.Prefix]).filter((name): name is string => Boolean(name))));
          } catch {
            resolve(undefined);
          }
        },
      );
      trackChildProcess(child);
    });
    backendCache.set(rclonePath, cached);
  }
  return cached;
}
