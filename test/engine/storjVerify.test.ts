import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCredential } from '../../src/engine/rclone/index.js';
import { startS3Server, type TestS3Server } from '../harness/s3Server.js';

// Storj's gateway speaks S3 over HTTPS only: a real S3 server (s3rver) with a certificate made
// by openssl for 127.0.0.1, trusted through SSL_CERT_FILE as a private CA would be.
const dir = mkdtempSync(join(tmpdir(), 'nasconsole-storj-'));
const certificate = join(dir, 'cert.pem');
let s3: TestS3Server;
const previousCertFile = process.env.SSL_CERT_FILE;

beforeAll(async () => {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', certificate], { stdio: 'ignore' });
  s3 = await startS3Server('STORJACCESSKEY0000001', 'storjsecret0123456789abcdefghijklmnopqrstuvwxyz', { tls: { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(certificate) } });
  process.env.SSL_CERT_FILE = certificate;
});
afterAll(async () => {
  if (previousCertFile === undefined) delete process.env.SSL_CERT_FILE;
  else process.env.SSL_CERT_FILE = previousCertFile;
  await s3?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Storj (STORJ_IX) and scheme-less S3 endpoints verified by rclone against a real S3 server over HTTPS', () => {
  it('accepts a Storj credential with the right access key and lists the buckets', async () => {
    expect(await verifyCredential('STORJ_IX', { access_key_id: s3.accessKeyId, secret_access_key: s3.secretAccessKey, endpoint: s3.endpoint })).toEqual({ ok: true });
  });

  it('refuses a Storj access key the gateway does not know, on one line', async () => {
    const result = await verifyCredential('STORJ_IX', { access_key_id: 'STORJUNKNOWNKEY000001', secret_access_key: s3.secretAccessKey, endpoint: s3.endpoint });
    expect(result).toMatchObject({ ok: false, reason: 'rejected' });
    if (!result.ok) expect(result.message).toMatch(/InvalidAccessKeyId|AccessDenied|403/);
  });

  it('refuses a plain-HTTP Storj endpoint before running rclone', async () => {
    const result = await verifyCredential('STORJ_IX', { access_key_id: s3.accessKeyId, secret_access_key: s3.secretAccessKey, endpoint: s3.endpoint.replace('https:', 'http:') });
    expect(result).toMatchObject({ ok: false, reason: 'invalid-attributes', message: 'Endpoint URL must start with https://.' });
  });

  it('reaches an S3 endpoint given without a scheme over HTTPS, as rclone reads it', async () => {
    const bare = s3.endpoint.replace('https://', '');
    expect(await verifyCredential('S3', { access_key_id: s3.accessKeyId, secret_access_key: s3.secretAccessKey, endpoint: bare, provider: 'Wasabi' })).toEqual({ ok: true });
    expect(await verifyCredential('STORJ_IX', { access_key_id: s3.accessKeyId, secret_access_key: s3.secretAccessKey, endpoint: bare })).toEqual({ ok: true });
  });
});
