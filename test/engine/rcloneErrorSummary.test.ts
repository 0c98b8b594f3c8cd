import { describe, expect, it } from 'vitest';
import { summarizeRcloneError } from '../../src/engine/rclone/index.js';

// Stderr as rclone 1.60 printed it in these cases (captured from real runs).
const S3_STDERR = `2026/11/24 09:58:43 ERROR : : error listing: SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method.
\tstatus code: 403, request id: , host id: 
2026/11/24 09:58:43 Failed to lsjson with 2 errors: last error was: error in ListJSON: SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method.
\tstatus code: 403, request id: , host id: 
`;

describe('one clean line from rclone\'s stderr', () => {
  it('keeps the service\'s reason and drops timestamps, wrappers and request ids', () => {
    expect(summarizeRcloneError(S3_STDERR)).toBe(
      'SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method. (HTTP 403)',
    );
    expect(summarizeRcloneError('2026/11/24 09:59:52 Failed to create file system for "remote:": didn\'t find backend called "mega"\n')).toBe('didn\'t find backend called "mega"');
    expect(
      summarizeRcloneError('2026/11/24 09:58:59 Failed to create file system for "remote:": NewFs: failed to make FTP connection to "127.0.0.1:21": 530 Login incorrect.\n'),
    ).toBe('failed to make FTP connection to "127.0.0.1:21": 530 Login incorrect.');
  });

  it('turns rclone\'s reconnect advice into the way out here', () => {
    const stderr = '2026/11/24 10:00:00 Failed to lsjson: couldn\'t find root directory ID: token expired and there\'s no refresh token - manually refresh with "rclone config reconnect remote:"\n';
    expect(summarizeRcloneError(stderr)).toBe("couldn't find root directory ID: token expired and there's no refresh token: log in to the provider again for a new token");
  });

  it('hides a secret that rclone echoed', () => {
    const stderr = '2026/11/24 10:00:00 Failed to create file system for "remote:": parse "http://u:hunter22@h/": invalid port\n';
    expect(summarizeRcloneError(stderr, ['hunter22'])).toBe('parse "http://u:***@h/": invalid port');
  });

  it('says so when rclone failed silently, and cuts very long lines', () => {
    expect(summarizeRcloneError('')).toBe('rclone failed without saying why.');
    expect(summarizeRcloneError(`Failed to lsjson: ${'x'.repeat(1000)}`)).toHaveLength(300);
  });
});
