/**
 * TLS certificates for test servers, made by the openssl CLI as an admin would make them: a
 * self-signed one (what most NAS serve), or a small CA and a certificate it signs (for a
 * client that is told to trust the CA, e.g. with NODE_EXTRA_CA_CERTS).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  cert: string;
  key: string;
  /** `SHA256:AB:CD:...` from `openssl x509 -fingerprint -sha256`. */
  fingerprint: string;
  /** The subject's common name. */
  commonName: string;
}

export interface TestCertificateAuthority {
  /** The CA certificate, PEM. */
  cert: string;
  issue(commonName: string, altNames?: string[]): TestCertificate;
  /** Removes the CA's key and files. */
  remove(): void;
}

const KEY_ARGS = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function selfSignedCertificate(commonName = 'truenas.local', altNames = ['IP:127.0.0.1', 'DNS:localhost']): TestCertificate {
  return inTempDir((dir) => {
    openssl(['req', '-x509', ...KEY_ARGS, '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2',
      '-subj', `/CN=${commonName}/O=nasconsole tests`, '-addext', `subjectAltName=${altNames.join(',')}`]);
    return certificateIn(dir, commonName);
  });
}

export function testCertificateAuthority(): TestCertificateAuthority {
  const dir = mkdtempSync(join(tmpdir(), 'nasconsole-ca-'));
  openssl(['req', '-x509', ...KEY_ARGS, '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.pem'), '-days', '2',
    '-subj', '/CN=nasconsole test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
  return {
    cert: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    issue: (commonName, altNames = ['IP:127.0.0.1', 'DNS:localhost']) =>
      inTempDir((leaf) => {
        openssl(['req', '-new', ...KEY_ARGS, '-keyout', join(leaf, 'key.pem'), '-out', join(leaf, 'req.csr'), '-subj', `/CN=${commonName}`]);
        writeFileSync(join(leaf, 'ext.cnf'), `subjectAltName=${altNames.join(',')}\n`);
        openssl(['x509', '-req', '-in', join(leaf, 'req.csr'), '-CA', join(dir, 'ca.pem'), '-CAkey', join(dir, 'ca.key'), '-CAcreateserial',
          '-days', '2', '-out', join(leaf, 'cert.pem'), '-extfile', join(leaf, 'ext.cnf')]);
        return certificateIn(leaf, commonName);
      }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function certificateIn(dir: string, commonName: string): TestCertificate {
  const printed = openssl(['x509', '-noout', '-fingerprint', '-sha256', '-in', join(dir, 'cert.pem')]);
  return {
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    fingerprint: `SHA256:${printed.trim().split('=')[1]}`,
    commonName,
  };
}

function inTempDir<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'nasconsole-cert-'));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function openssl(args: string[]): string {
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr || result.error?.message}`);
  return result.stdout;
}
