import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isEncryptedRcloneConf } from '../../src/engine/rclone/configEncryption.js';
import { formatRcloneConf, optionsUsingVariables, parseRcloneConfText } from '../../src/engine/rclone/configFile.js';

const dir = mkdtempSync(join(tmpdir(), 'nasconsole-conf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rclone(config: string, ...args: string[]): string {
  return execFileSync('rclone', ['--config', config, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir }, encoding: 'utf8' });
}

/** How real rclone 1.60 reads a config file: its own `config dump`. */
function rcloneReads(text: string): Record<string, Record<string, string>> {
  const path = join(dir, `read-${Math.random().toString(36).slice(2)}.conf`);
  writeFileSync(path, text, { mode: 0o600 });
  return JSON.parse(rclone(path, 'config', 'dump')) as Record<string, Record<string, string>>;
}

const TRICKY = {
  type: 'webdav',
  url: 'http://x/a=b;c#d?e:f',
  user: '  leading and trailing  ',
  tick: '`starts with a backquote',
  triple: '"""in triple quotes"""',
  inner: 'has ` and " inside',
  colon: 'key: value',
  empty: '',
};

describe('rclone.conf text', () => {
  it('writes values that real rclone reads back exactly', () => {
    const text = formatRcloneConf([
      { name: 'my.nas remote', options: TRICKY },
      { name: 'second_1', options: { type: 'ftp', host: 'h' } },
    ]);
    expect(rcloneReads(text)).toEqual({ 'my.nas remote': TRICKY, second_1: { type: 'ftp', host: 'h' } });
  });

  it('reads files as real rclone does: quotes, comments, ":" separators, repeated sections', () => {
    const text = [
      '\uFEFF# comment',
      '; another',
      '[a b]',
      'type = webdav',
      'url = http://dav.lan/remote.php',
      'user: someone',
      'quoted = `  kept  `',
      'q3 = """x"""',
      'plain = "not a quote"',
      'inline = value # not a comment',
      '[a b]',
      'vendor = other',
      '',
    ].join('\n');
    const ours = Object.fromEntries(parseRcloneConfText(text).map((s) => [s.name, s.options]));
    expect(ours).toEqual(rcloneReads(text));
  });

  it('never expands "%(name)s" variables (rclone 1.60 recurses until its stack overflows) and tells which options use them', () => {
    const text = ['[DEFAULT]', 'x = %(x)s%(x)s%(x)s%(x)s', 'base = http://dav.lan', '[a]', 'type = webdav', 'url = %(base)s/dav', 'user = %(x)s', 'vendor = other'].join('\n');
    const [section] = parseRcloneConfText(text);
    expect(section).toEqual({ name: 'a', options: { type: 'webdav', url: '%(base)s/dav', user: '%(x)s', vendor: 'other' } });
    expect(optionsUsingVariables(section!.options)).toEqual(['url', 'user']);
  });

  it('reads a config rclone itself wrote', () => {
    const path = join(dir, 'written-by-rclone.conf');
    rclone(path, 'config', 'create', 'made.by rclone', 'webdav', 'url', 'http://x/a=b;c', 'user', 'me', 'vendor', 'other', '--non-interactive');
    const ours = Object.fromEntries(parseRcloneConfText(readFileSync(path, 'utf8')).map((s) => [s.name, s.options]));
    expect(ours).toEqual(JSON.parse(rclone(path, 'config', 'dump')));
  });

  it('refuses values rclone.conf cannot hold, without printing them', () => {
    expect(() => formatRcloneConf([{ name: 'r', options: { pass: 'secret\nline' } }])).toThrow('Option pass of [r] spans several lines, which rclone.conf cannot hold.');
    expect(() => formatRcloneConf([{ name: 'r', options: { key: 'ab%(type)scd' } }])).toThrow(/Option key of \[r\] contains "%\(\.\.\.\)s"/);
  });

  it('refuses names rclone cannot use as remote names', () => {
    expect(() => formatRcloneConf([{ name: 'café', options: { type: 'ftp' } }])).toThrow(/"café" may only contain letters/);
    expect(() => formatRcloneConf([{ name: '-x', options: { type: 'ftp' } }])).toThrow(/cannot start with "-"/);
  });

  it('recognizes an encrypted rclone.conf as rclone does (the first line that is not blank or a comment) and does not parse it as plain', () => {
    const encrypted = '# Encrypted rclone configuration File\n\nRCLONE_ENCRYPT_V0:\nXo5Zt2cN0wr+Fv6FN0lL3r1cBqZ0f0c=\n';
    expect(isEncryptedRcloneConf(encrypted)).toBe(true);
    expect(isEncryptedRcloneConf('; comment\n\n  RCLONE_ENCRYPT_V0:\nAAAA')).toBe(true);
    expect(() => parseRcloneConfText(encrypted)).toThrow(/This rclone\.conf is encrypted/);
    expect(isEncryptedRcloneConf('[x]\ntype = ftp\nnote = RCLONE_ENCRYPT_V0:\n')).toBe(false);
  });
});
