import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { obscure, reveal } from '../../src/engine/rclone/index.js';

// Test values only: `rclone reveal/obscure` take their argument on the command line.
const rclone = (...args: string[]) => execFileSync('rclone', args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, encoding: 'utf8' }).trim();

describe('rclone obscure', () => {
  it('produces what real rclone reveals to the original text', () => {
    for (const value of ['test-password', 'with spaces and = ; # `', 'ünïcødé ✓', 'x']) {
      expect(rclone('reveal', '--', obscure(value))).toBe(value);
    }
  });

  it('reveals what real rclone obscures', () => {
    for (const value of ['test-password', 'p@ss:w=rd/+']) expect(reveal(rclone('obscure', value))).toBe(value);
  });

  it('uses a fresh IV each time, in unpadded URL-safe base64', () => {
    const first = obscure('same value');
    const second = obscure('same value');
    expect(first).not.toBe(second);
    expect(first).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(first, 'base64url')).toHaveLength(16 + 'same value'.length);
  });

  it('refuses values that rclone did not obscure', () => {
    expect(() => reveal('plain password')).toThrow(/not in rclone's obscured form/);
    expect(() => reveal('c2hvcnQ')).toThrow(/too short/);
    expect(() => reveal('dGhpcyBpcyBqdXN0IGJhc2U2NCBvZiB0ZXh0')).toThrow(/does not look obscured/);
  });
});
