import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SeedMismatchError } from '../../src/common/errors.js';
import { SeedCipher } from '../../src/engine/seedCipher.js';

// Made by test/fixtures/make-pwenc-vectors.sh with the openssl CLI, not with our code.
const fixture = JSON.parse(readFileSync(new URL('../fixtures/pwenc-vectors.json', import.meta.url), 'utf8')) as {
  secret_hex: string;
  vectors: { name: string; plaintext: string; value: string }[];
};
const secret = Buffer.from(fixture.secret_hex, 'hex');

describe('seed cipher', () => {
  it.each(fixture.vectors)('decrypts the TrueNAS pwenc vector "$name" made by openssl', ({ plaintext, value }) => {
    expect(new SeedCipher(secret).decrypt(value)).toBe(plaintext);
  });

  it('writes legacy pwenc values that openssl-made vectors agree with (same key, same scheme)', () => {
    const cipher = new SeedCipher(secret);
    const value = cipher.encryptLegacy('Donuts!');
    expect(Buffer.from(value, 'base64')).toHaveLength(8 + 7);
    expect(cipher.decrypt(value)).toBe('Donuts!');
  });

  it('round-trips new values in the authenticated format', () => {
    const cipher = new SeedCipher(secret);
    const value = cipher.encrypt('{"pass":"ends with a brace {"}{');
    expect(value.startsWith('$nc1$')).toBe(true);
    expect(cipher.decrypt(value)).toBe('{"pass":"ends with a brace {"}{');
  });

  it('refuses with a clear error, never garbage, when the seed is wrong', () => {
    const right = new SeedCipher(secret);
    const wrong = new SeedCipher(Buffer.alloc(32, 7));
    expect(() => wrong.decrypt(right.encrypt('secret'))).toThrow(SeedMismatchError);
    expect(wrong.matchesCheck(fixture.vectors[0]!.value)).toBe(false);
    expect(right.matchesCheck(fixture.vectors[0]!.value)).toBe(true);
  });

  it('refuses a tampered authenticated value', () => {
    const cipher = new SeedCipher(secret);
    const value = cipher.encrypt('secret value');
    const raw = Buffer.from(value.slice(5), 'base64');
    raw[14] ^= 1;
    expect(() => cipher.decrypt('$nc1$' + raw.toString('base64'))).toThrow(SeedMismatchError);
  });

  it('refuses a seed of the wrong length', () => {
    expect(() => new SeedCipher(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
