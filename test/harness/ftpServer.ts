import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FtpSrv } from 'ftp-srv';

export interface TestFtpServer {
  host: string;
  port: number;
  /** The directory the user lands in; tests may put files there. */
  root: string;
  close(): Promise<void>;
}

/** ftp-srv logs through bunyan to stdout by default; tests want silence. */
const silentLog = {
  child: () => silentLog,
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
};

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;

/**
 * A real FTP server (npm ftp-srv) on 127.0.0.1 with one user, a temp root and passive ports
 * on 127.0.0.1 in a randomly placed range (ftp-srv skips ports in use within it).
 */
export async function startFtpServer(user: string, password: string): Promise<TestFtpServer> {
  const root = mkdtempSync(join(tmpdir(), 'nasconsole-ftp-'));
  const pasvMin = 30_000 + Math.floor(Math.random() * 300) * 100;
  // ftp-srv installs process signal handlers that exit the process; keep them out of tests.
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const server = new FtpSrv({
    url: 'ftp://127.0.0.1:0',
    pasv_url: '127.0.0.1',
    pasv_min: pasvMin,
    pasv_max: pasvMin + 99,
    anonymous: false,
    greeting: 'nasconsole test FTP server',
    log: silentLog,
  });
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  server.on('login', ({ username, password: given }, resolve, reject) => {
    if (username === user && given === password) resolve({ root });
    else reject(new Error('Invalid username or password'));
  });
  server.on('client-error', () => {});
  await server.listen();
  const internal = server as unknown as { server: { address(): AddressInfo } };
  return {
    host: '127.0.0.1',
    port: internal.server.address().port,
    root,
    async close() {
      await server.close().catch(() => {});
      rmSync(root, { recursive: true, force: true });
    },
  };
}
