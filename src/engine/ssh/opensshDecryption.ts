import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Decrypts a passphrase-protected OpenSSH private key off the main thread. ssh2's parser does
 * it, but its bcrypt_pbkdf is synchronous JavaScript: 16 rounds (ssh-keygen's default) take
 * about 0.2 s and `-a 100` over a second, which would freeze the console. A worker runs it.
 * The worker is inline code that imports ssh2 by absolute URL, so it works the same from the
 * TypeScript sources (tests) and from the bundle (ssh2 stays external in node_modules).
 */

export interface DecryptedOpensshKey {
  /** ssh2's key type name (`ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`, `ssh-dss`). */
  type: string;
  comment: string;
  /** The private key as PEM that node:crypto reads (PKCS#1, SEC1 or PKCS#8). */
  privatePem: string;
}

export type DecryptionResult = { ok: true; key: DecryptedOpensshKey } | { ok: false; reason: string };

const WORKER_TIME_LIMIT_MS = 60_000;

const ssh2Url = pathToFileURL(createRequire(import.meta.url).resolve('ssh2')).href;

const workerSource = `
(async () => {
  const { parentPort, workerData } = await import('node:worker_threads');
  try {
    const ssh2 = (await import(workerData.ssh2Url)).default;
    let parsed = ssh2.utils.parseKey(workerData.text, workerData.passphrase);
    if (Array.isArray(parsed)) parsed = parsed[0];
    if (parsed instanceof Error) parentPort.postMessage({ ok: false, reason: parsed.message });
    else parentPort.postMessage({ ok: true, key: { type: parsed.type, comment: parsed.comment, privatePem: parsed.getPrivatePEM() } });
  } catch (error) {
    parentPort.postMessage({ ok: false, reason: String(error && error.message) });
  }
})();
`;

/** Never rejects: a failure comes back as `{ ok: false, reason }` with ssh2's (secret-free) reason. */
export function decryptOpensshKey(text: string, passphrase: string): Promise<DecryptionResult> {
  return new Promise((resolve) => {
    const worker = new Worker(workerSource, { eval: true, execArgv: [], workerData: { ssh2Url, text, passphrase } });
    const finish = (result: DecryptionResult) => {
      clearTimeout(timer);
      worker.removeAllListeners();
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'timed out' }), WORKER_TIME_LIMIT_MS);
    worker.once('message', (message: DecryptionResult) => finish(message));
    worker.once('error', (error) => finish({ ok: false, reason: error.message }));
    worker.once('exit', () => finish({ ok: false, reason: 'worker exited' }));
  });
}
