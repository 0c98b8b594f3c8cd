import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Decrypts a passphrase-protected OpenSSH private key off the main thread. ssh2's parser does
 * it, but its bcrypt_pbkdf is synchronous JavaScript: 16 rounds (ssh-keygen's default) take
 * about 0.2 s and `-a 100` over a second, which would freeze the console. A worker runs it.
 * The worker is inline code that imports its module by absolute URL, so it works the same from
 * the TypeScript sources (tests) and from the bundle (ssh2 stays external in node_modules).
 *
 * ssh2 knows every cipher ssh-keygen offers but chacha20-poly1305@openssh.com; for that one the
 * worker only derives the key with bcrypt-pbkdf (the implementation ssh2 uses) and
 * opensshChacha.ts decrypts.
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

const requireModule = createRequire(import.meta.url);
const ssh2Url = pathToFileURL(requireModule.resolve('ssh2')).href;
const bcryptUrl = pathToFileURL(requireModule.resolve('bcrypt-pbkdf')).href;

const parseKeySource = `
(async () => {
  const { parentPort, workerData } = await import('node:worker_threads');
  try {
    const ssh2 = (await import(workerData.moduleUrl)).default;
    let parsed = ssh2.utils.parseKey(workerData.text, workerData.passphrase);
    if (Array.isArray(parsed)) parsed = parsed[0];
    if (parsed instanceof Error) parentPort.postMessage({ ok: false, reason: parsed.message });
    else parentPort.postMessage({ ok: true, key: { type: parsed.type, comment: parsed.comment, privatePem: parsed.getPrivatePEM() } });
  } catch (error) {
    parentPort.postMessage({ ok: false, reason: String(error && error.message) });
  }
})();
`;

const bcryptSource = `
(async () => {
  const { parentPort, workerData } = await import('node:worker_threads');
  try {
    const bcrypt = (await import(workerData.moduleUrl)).default;
    const pass = Buffer.from(workerData.passphrase, 'utf8');
    const salt = Buffer.from(workerData.salt);
    const key = Buffer.alloc(workerData.length);
    if (bcrypt.pbkdf(pass, pass.length, salt, salt.length, key, key.length, workerData.rounds) !== 0) throw new Error('bcrypt_pbkdf failed');
    parentPort.postMessage({ ok: true, key: new Uint8Array(key) });
  } catch (error) {
    parentPort.postMessage({ ok: false, reason: String(error && error.message) });
  }
})();
`;

/** Never rejects: a failure comes back as `{ ok: false, reason }` with ssh2's (secret-free) reason. */
export function decryptOpensshKey(text: string, passphrase: string): Promise<DecryptionResult> {
  return runWorker<DecryptionResult>(parseKeySource, { moduleUrl: ssh2Url, text, passphrase });
}

/** OpenSSH's key derivation for protected keys; undefined if it failed. */
export async function bcryptPbkdf(passphrase: string, salt: Buffer, rounds: number, length: number): Promise<Buffer | undefined> {
  const result = await runWorker<{ ok: true; key: Uint8Array } | { ok: false; reason: string }>(bcryptSource, {
    moduleUrl: bcryptUrl,
    passphrase,
    salt: new Uint8Array(salt),
    rounds,
    length,
  });
  return result.ok ? Buffer.from(result.key) : undefined;
}

function runWorker<T extends { ok: boolean }>(source: string, workerData: Record<string, unknown>): Promise<T | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    const worker = new Worker(source, { eval: true, execArgv: [], workerData });
    const finish = (result: T | { ok: false; reason: string }) => {
      clearTimeout(timer);
      worker.removeAllListeners();
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'timed out' }), WORKER_TIME_LIMIT_MS);
    worker.once('message', (message: T) => finish(message));
    worker.once('error', (error) => finish({ ok: false, reason: error.message }));
    worker.once('exit', () => finish({ ok: false, reason: 'worker exited' }));
  });
}
