import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TestS3Server {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  buckets: string[];
  close(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;
interface AwsAccountModule {
  DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void; revokeAccessKey(id: string): void };
}

// s3rver ships no type declarations: load it through require with the little we use typed.
const require = createRequire(import.meta.url);

/**
 * s3rver 3.7.1 builds the Signature V2 string to sign without the Date header for requests
 * signed in the Authorization header (it reads the date in parseHeader, then drops it), so
 * every V2 request from rclone, which signs the Date header as AWS specifies, fails with
 * SignatureDoesNotMatch whether the secret is right or wrong. That would make "a wrong secret
 * is refused" pass for the wrong reason. Load its authentication module with that one line
 * fixed (AWS: the Date header is signed unless x-amz-date is sent); the checking stays s3rver's.
 */
function loadS3rverWithV2DateFix(): void {
  const path = require.resolve('s3rver/lib/middleware/authentication.js');
  if (require.cache[path]) return;
  const buggy = 'const result = parseHeader(ctx.headers);\n      ({ signature, signatureProvided } = result);';
  const fixed = `${buggy}\n      if (signature.version === 2 && !ctx.headers['x-amz-date']) canonicalRequest.timestamp = ctx.headers['date'];`;
  const source = readFileSync(path, 'utf8');
  if (!source.includes(buggy)) throw new Error(`s3rver changed: re-check the Signature V2 fix in ${import.meta.url}`);
  type LoadableModule = Module & { filename: string; paths: string[]; loaded: boolean; _compile(code: string, file: string): void };
  const ModuleClass = Module as unknown as { new (id: string): LoadableModule; _nodeModulePaths(dir: string): string[] };
  const patched = new ModuleClass(path);
  patched.filename = path;
  patched.paths = ModuleClass._nodeModulePaths(dirname(path));
  patched._compile(source.replace(buggy, fixed), path);
  patched.loaded = true;
  require.cache[path] = patched;
}
loadS3rverWithV2DateFix();

const S3rver = require('s3rver') as S3rverConstructor;
const accounts = require('s3rver/lib/models/account.js') as AwsAccountModule;

/**
 * A real S3 server (npm s3rver, works on Node 20) on 127.0.0.1. It knows the access key ID
 * given here (shaped like AWS's) and checks the secret for Signature V2 requests only (with
 * the fix above): V4 signatures are not verified, so a wrong secret is only detectable with
 * signatures_v2, and with V4 only a wrong access key ID is.
 */
export async function startS3Server(
  accessKeyId = 'AKIANASCONSOLETEST01',
  secretAccessKey = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLE=KEY',
  options: { tls?: { key: Buffer; cert: Buffer } } = {},
): Promise<TestS3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'nasconsole-s3-'));
  accounts.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  const buckets = ['backups'];
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    resetOnClose: true,
    configureBuckets: buckets.map((name) => ({ name })),
    // With a key and certificate s3rver serves HTTPS (a Storj gateway is HTTPS only).
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
  });
  const { port } = await server.run();
  return {
    endpoint: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    accessKeyId,
    secretAccessKey,
    buckets,
    async close() {
      await server.close();
      accounts.DUMMY_ACCOUNT.revokeAccessKey(accessKeyId);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
