import { createHash } from 'node:crypto';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';

/**
 * The TLS certificate of a remote TrueNAS. Most NAS serve a self-signed certificate, which no
 * CA vouches for: such a certificate is used only when the user confirmed its SHA-256
 * fingerprint (compared, say, with the one the NAS's web interface shows under Certificates),
 * and then only that very certificate.
 */
export interface TlsCertificateInfo {
  /** `SHA256:` and the hex bytes of the SHA-256 of the DER certificate, as openssl prints them. */
  fingerprint: string;
  /** `CN=truenas.local, O=iXsystems` */
  subject: string;
  issuer: string;
  /** The start and end of its validity, as the certificate says them. */
  validFrom: string;
  validTo: string;
  /** Why it does not verify (`self-signed certificate`); empty when it does. */
  problem: string;
}

export const TLS_FINGERPRINT_FIELD = 'tlsFingerprint';

/** Refused: a certificate that does not verify and whose fingerprint nobody confirmed. */
export class TlsCertificateRefusedError extends UserError {
  constructor(
    readonly origin: string,
    readonly certificate: TlsCertificateInfo,
  ) {
    super(
      `The TLS certificate of ${origin} does not verify (${certificate.problem}): ${certificate.subject || 'no subject'}, ` +
        `issued by ${certificate.issuer || 'nobody named'}, fingerprint ${certificate.fingerprint}. Trust it only if the TrueNAS shows this fingerprint.`,
      { reason: 'tls-certificate-unconfirmed', field: TLS_FINGERPRINT_FIELD },
    );
    this.name = 'TlsCertificateRefusedError';
  }
}

/** What a connected TLS socket presented, and whether it verified against the CAs and the host name. */
export function certificateOf(socket: TLSSocket): TlsCertificateInfo {
  const peer: PeerCertificate = socket.getPeerCertificate();
  const problem = socket.authorized ? '' : verificationProblem(String(socket.authorizationError ?? ''));
  if (!peer?.raw) return { fingerprint: '', subject: '', issuer: '', validFrom: '', validTo: '', problem: problem || 'no certificate' };
  return {
    fingerprint: formatFingerprint(createHash('sha256').update(peer.raw).digest()),
    subject: distinguishedName(peer.subject),
    issuer: distinguishedName(peer.issuer),
    validFrom: printable(peer.valid_from ?? ''),
    validTo: printable(peer.valid_to ?? ''),
    problem,
  };
}

/**
 * Reads a fingerprint as people copy it: `SHA256:` followed by hex (with or without colons,
 * either case, as openssl and browsers show it) or by base64 (as ssh shows key fingerprints).
 */
export function parseTlsFingerprint(text: string): Buffer {
  const body = text.trim().replace(/^sha-?256\s*[:=]?\s*/i, '');
  const hex = body.replace(/[:\s]/g, '');
  if (/^[0-9a-fA-F]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(body)) return Buffer.from(body, 'base64');
  throw new UserError(`${printable(text.slice(0, 120))} is not a SHA-256 fingerprint: expected SHA256: and 64 hex digits (AB:CD:...).`, {
    exitCode: 2,
    field: TLS_FINGERPRINT_FIELD,
  });
}

export function formatFingerprint(digest: Buffer): string {
  return `SHA256:${digest.toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:')}`;
}

export function sameFingerprint(a: string, b: string): boolean {
  return parseTlsFingerprint(a).equals(parseTlsFingerprint(b));
}

/** OpenSSL's verification error codes (what Node reports) in words. */
const PROBLEMS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'a self-signed certificate in its chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'issued by an authority this system does not trust',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issued by an authority this system does not trust',
  UNABLE_TO_GET_ISSUER_CERT: 'issued by an authority this system does not trust',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'issued for another host name',
};

function verificationProblem(code: string): string {
  return PROBLEMS[code] ?? (printable(code).slice(0, 80) || 'unverified');
}

function distinguishedName(name: Record<string, string | string[] | undefined> | undefined): string {
  if (!name) return '';
  return printable(
    Object.entries(name)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
      .join(', '),
  ).slice(0, 200);
}
