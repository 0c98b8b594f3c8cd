/**
 * HOTP one-time codes (RFC 4226), as an authenticator app or `oathtool` computes them, so a
 * test can answer the one-time code prompt of the harness sshd's pam_oath.
 */
import { createHmac } from 'node:crypto';

export function hotp(secret: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f; // dynamic truncation
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}
