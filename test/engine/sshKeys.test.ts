import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { authorizedKeysLine, describeKey, exportPrivateKey, generateKeypair, importKeypair } from '../../src/engine/ssh/keys.js';
import { UserError } from '../../src/common/errors.js';
import { fakeOpensshKey } from '../fixtures/fakeKeys.js';
import { refusal } from '../helpers/refusal.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nasconsole-keys-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sshKeygen(...args: string[]): string {
  const result = spawnSync('ssh-keygen', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ssh-keygen ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** A key made by ssh-keygen; returns the private key file's path. */
function keygen(name: string, ...args: string[]): string {
  const file = join(dir, name);
  rmSync(file, { force: true });
  rmSync(`${file}.pub`, { force: true });
  sshKeygen('-q', '-C', `${name}@test`, '-f', file, ...args);
  return file;
}

function writeKey(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

/** What `ssh-keygen -y` derives from a private key: `type base64` (comment dropped). */
function derivedPublicKey(privateKeyText: string): string {
  return sshKeygen('-y', '-P', '', '-f', writeKey('derive', privateKeyText)).trim().split(' ').slice(0, 2).join(' ');
}

function typeAndBlob(line: string): string {
  return line.trim().split(/\s+/).slice(0, 2).join(' ');
}

/** The longest run of base64 in a message: key material would show up as a long one. */
function longestBase64Run(message: string): number {
  return Math.max(0, ...(message.match(/[A-Za-z0-9+/=]{20,}/g) ?? []).map((run) => run.length));
}

/** The key text with one base64 character of line `lineIndex` changed. */
function flipCharacter(text: string, lineIndex: number): string {
  const lines = text.split('\n');
  const line = lines[lineIndex]!;
  const at = Math.floor(line.length / 2);
  lines[lineIndex] = `${line.slice(0, at)}${line[at] === 'Q' ? 'R' : 'Q'}${line.slice(at + 1)}`;
  return lines.join('\n');
}

/** Largest pause between ticks of a 10 ms interval while `work` runs. */
async function largestEventLoopGap(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let largest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    largest = Math.max(largest, now - last);
    last = now;
  }, 10);
  try {
    await work();
  } finally {
    clearInterval(ticker);
  }
  return Math.max(largest, performance.now() - last);
}

describe('generating keypairs', () => {
  test.each([
    ['ed25519', undefined, 'ED25519', 256],
    ['rsa', undefined, 'RSA', 3072],
  ] as const)('a generated %s key is read back by ssh-keygen -y as the same public key', async (type, bits, kind, size) => {
    const pair = await generateKeypair({ type, bits, comment: 'backup@nas' });
    expect(pair.privateKey).toMatch(/^-{5}BEGIN OPENSSH PRIVATE KEY-{5}\n[\s\S]+\n-----END OPENSSH PRIVATE KEY-----\n$/);
    expect(pair.publicKey).toMatch(new RegExp(`^${type === 'rsa' ? 'ssh-rsa' : 'ssh-ed25519'} AAAA[A-Za-z0-9+/=]+ backup@nas$`));
    expect(derivedPublicKey(pair.privateKey)).toBe(typeAndBlob(pair.publicKey));

    const file = writeKey('generated.pub', `${pair.publicKey}\n`);
    const [keygenBits, keygenFingerprint] = sshKeygen('-l', '-f', file).split(' ');
    expect(describeKey(pair.publicKey)).toMatchObject({ type: kind, bits: size, comment: 'backup@nas', fingerprint: keygenFingerprint });
    expect(Number(keygenBits)).toBe(size);
    expect(describeKey(pair.privateKey).fingerprint).toBe(keygenFingerprint);
  });

  test('an Ed25519 key whose public key starts with a zero byte is still whole', async () => {
    let pair: Awaited<ReturnType<typeof generateKeypair>> | undefined;
    for (let tries = 0; tries < 20_000 && !pair; tries++) {
      const candidate = await generateKeypair();
      if (Buffer.from(candidate.publicKey.split(' ')[1]!, 'base64')[19] === 0) pair = candidate;
    }
    expect(pair, 'no key with a leading zero byte came up').toBeDefined();
    expect(describeKey(pair!.publicKey).bits).toBe(256);
    expect(derivedPublicKey(pair!.privateKey)).toBe(typeAndBlob(pair!.publicKey));
  });

  test('generates Ed25519 unless asked otherwise, and RSA-4096 when asked', async () => {
    expect(describeKey((await generateKeypair()).publicKey).type).toBe('ED25519');
    expect(describeKey((await generateKeypair({ type: 'rsa', bits: 4096 })).privateKey)).toMatchObject({ type: 'RSA', bits: 4096 });
  });

  test('refuses key sizes other than 3072 and 4096, and sizes for Ed25519', async () => {
    expect((await refusal(generateKeypair({ type: 'rsa', bits: 1024 as 3072 }))).message).toMatch(/3072 or 4096/);
    expect((await refusal(generateKeypair({ type: 'ed25519', bits: 4096 }))).message).toMatch(/RSA keys only/);
  });

  test('generating an RSA-4096 key does not stall the event loop', async () => {
    const gap = await largestEventLoopGap(() => generateKeypair({ type: 'rsa', bits: 4096 }));
    expect(gap).toBeLessThan(200);
  });
});

describe('importing keys made by ssh-keygen', () => {
  test.each([
    ['Ed25519 (OpenSSH format)', ['-t', 'ed25519'], 'ED25519', true],
    ['RSA (OpenSSH format)', ['-t', 'rsa'], 'RSA', true],
    ['RSA PEM PKCS#1 (-m PEM)', ['-t', 'rsa', '-m', 'PEM'], 'RSA', false],
    ['RSA PKCS#8 (-m PKCS8)', ['-t', 'rsa', '-m', 'PKCS8'], 'RSA', false],
    ['ECDSA PEM (-m PEM)', ['-t', 'ecdsa', '-m', 'PEM'], 'ECDSA', false],
  ] as const)('imports %s, normalised to an unencrypted OpenSSH key', async (name, args, kind, keepsComment) => {
    const file = keygen(name.replace(/\W+/g, '_'), ...args, '-N', '');
    const publicLine = readFileSync(`${file}.pub`, 'utf8').trim();
    const imported = await importKeypair({ privateKey: readFileSync(file, 'utf8') });

    expect(imported.privateKey).toMatch(/^-{5}BEGIN OPENSSH PRIVATE KEY-{5}\n/);
    expect(derivedPublicKey(imported.privateKey)).toBe(typeAndBlob(publicLine));
    // PEM and PKCS#8 carry no comment; OpenSSH keys keep theirs.
    expect(imported.publicKey).toBe(keepsComment ? publicLine : typeAndBlob(publicLine));
    expect(describeKey(imported.publicKey).type).toBe(kind);
    expect(describeKey(imported.publicKey).fingerprint).toBe(sshKeygen('-l', '-f', `${file}.pub`).split(' ')[1]);

    const withPublic = await importKeypair({ privateKey: readFileSync(file, 'utf8'), publicKey: publicLine });
    expect(withPublic.publicKey).toBe(publicLine);
  });

  test.each([
    ['Ed25519 in OpenSSH format (bcrypt)', ['-t', 'ed25519']],
    ['RSA PEM with Proc-Type: 4,ENCRYPTED', ['-t', 'rsa', '-m', 'PEM']],
    ['RSA encrypted PKCS#8', ['-t', 'rsa', '-m', 'PKCS8']],
    ['Ed25519 in OpenSSH format with chacha20-poly1305@openssh.com', ['-t', 'ed25519', '-Z', 'chacha20-poly1305@openssh.com']],
    ['ECDSA P-384 in OpenSSH format with chacha20-poly1305@openssh.com', ['-t', 'ecdsa', '-b', '384', '-Z', 'chacha20-poly1305@openssh.com']],
  ] as const)('a passphrase-protected %s key is refused without the passphrase and imported decrypted with it', async (name, args) => {
    const file = keygen(`protected_${name.replace(/\W+/g, '_')}`, ...args, '-N', 'correct horse');
    const privateKey = readFileSync(file, 'utf8');

    const withoutPassphrase = await refusal(importKeypair({ privateKey }));
    expect(withoutPassphrase.message).toMatch(/protected by a passphrase.*give the passphrase/);
    const wrongPassphrase = await refusal(importKeypair({ privateKey, passphrase: 'battery staple' }));
    expect(wrongPassphrase.message).toMatch(/^Wrong passphrase/);

    const imported = await importKeypair({ privateKey, passphrase: 'correct horse' });
    expect(imported.privateKey).toMatch(/^-{5}BEGIN OPENSSH PRIVATE KEY-{5}\n/);
    // `-P ''` succeeds only on an unencrypted key: the stored key needs no passphrase.
    expect(derivedPublicKey(imported.privateKey)).toBe(typeAndBlob(readFileSync(`${file}.pub`, 'utf8')));
  });

  test('decrypting a key with many bcrypt rounds does not stall the event loop', async () => {
    const file = keygen('many_rounds', '-t', 'ed25519', '-a', '200', '-N', 'slow to open');
    const privateKey = readFileSync(file, 'utf8');
    const gap = await largestEventLoopGap(() => importKeypair({ privateKey, passphrase: 'slow to open' }));
    expect(gap).toBeLessThan(200);
  });

  test('refuses a public key that belongs to another private key', async () => {
    const one = keygen('one', '-t', 'ed25519', '-N', '');
    const other = keygen('other', '-t', 'ed25519', '-N', '');
    const error = await refusal(importKeypair({ privateKey: readFileSync(one, 'utf8'), publicKey: readFileSync(`${other}.pub`, 'utf8') }));
    expect(error.message).toBe('Private key and public key do not match');
  });
});

describe('refusing what is not a usable private key', () => {
  test('refuses DSA keys in OpenSSH and PEM format', async () => {
    for (const format of [[], ['-m', 'PEM']]) {
      const file = keygen(`dsa${format.length}`, '-t', 'dsa', ...format, '-N', '');
      const error = await refusal(importKeypair({ privateKey: readFileSync(file, 'utf8') }));
      expect(error.message).toBe('DSA keys are not supported: use an Ed25519 or RSA key');
    }
  });

  test('refuses garbage, truncated and corrupted keys with one line that shows no key material', async () => {
    const key = readFileSync(keygen('to_damage', '-t', 'rsa', '-N', ''), 'utf8');
    const pem = readFileSync(keygen('to_damage_pem', '-t', 'rsa', '-m', 'PEM', '-N', ''), 'utf8');
    const lines = key.trim().split('\n');
    const cases: Array<[string, RegExp]> = [
      ['hello, I am not a key', /^Not a private key/],
      ['', /^Not a private key/],
      [key.slice(0, key.length / 2), /truncated/],
      [`${lines.slice(0, lines.length / 2).join('\n')}\n${lines.at(-1)}\n`, /damaged or truncated/],
      [flipCharacter(key, 1), /damaged or truncated/],
      ...[0.3, 0.4, 0.5, 0.6, 0.7, 0.8].map((where): [string, RegExp] => [flipCharacter(key, Math.floor(lines.length * where)), /damaged or truncated/]),
      [flipCharacter(pem, Math.floor(pem.split('\n').length / 2)), /damaged or truncated/],
      [pem.slice(0, pem.length / 2), /truncated/],
      [pem.replace(/\n[^\n]+\n[^\n]+\n(?=-----END)/, '\n'), /damaged or truncated/],
      [readFileSync(`${join(dir, 'to_damage')}.pub`, 'utf8'), /public key where the private key was expected/],
    ];
    for (const [text, expected] of cases) {
      const error = await refusal(importKeypair({ privateKey: text }));
      expect(error.message).toMatch(expected);
      expect(error.message).not.toContain('\n');
      expect(longestBase64Run(error.message)).toBeLessThan(20);
    }
  });

  test('a certificate given as the public key says that certificates are not supported', async () => {
    const ca = keygen('user_ca', '-t', 'ed25519', '-N', '');
    const key = keygen('certified', '-t', 'ed25519', '-N', '');
    sshKeygen('-q', '-s', ca, '-I', 'certified', '-n', 'root', `${key}.pub`);
    const certificate = readFileSync(`${key}-cert.pub`, 'utf8');
    const expected = 'SSH certificates are not supported: give the plain public key (the .pub file, not the -cert.pub one)';
    expect((await refusal(importKeypair({ privateKey: readFileSync(key, 'utf8'), publicKey: certificate }))).message).toBe(expected);
    expect(() => describeKey(certificate)).toThrow(expected);
  });

  test('ECDSA keys on curves other than the NIST ones OpenSSH uses say which curves are supported', async () => {
    const secp256k1 = spawnSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp256k1'], { encoding: 'utf8' }).stdout;
    const brainpool = spawnSync('openssl', ['ecparam', '-genkey', '-noout', '-name', 'brainpoolP256r1'], { encoding: 'utf8' }).stdout;
    for (const [pem, curve] of [[secp256k1, 'secp256k1'], [brainpool, 'brainpoolP256r1']] as const) {
      expect(pem).toContain('PRIVATE KEY-----');
      const error = await refusal(importKeypair({ privateKey: pem }));
      expect(error.message).toBe(
        `ECDSA keys on the curve ${curve} are not supported: the supported curves are NIST P-256, P-384 and P-521 (ecdsa-sha2-nistp256, -nistp384, -nistp521), as OpenSSH uses them; or use an Ed25519 or RSA key`,
      );
    }
  });

  test('a PuTTY key is refused with a puttygen command that converts it, and the converted key imports', async () => {
    const ppk = join(dir, 'putty.ppk');
    const noPassphrase = writeKey('empty-passphrase', '');
    const made = spawnSync('puttygen', ['-q', '-t', 'ed25519', '-C', 'putty@test', '-o', ppk, '--new-passphrase', noPassphrase], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const error = await refusal(importKeypair({ privateKey: readFileSync(ppk, 'utf8') }));
    const command = /puttygen KEY -O private-openssh -o FILE/.exec(error.message)?.[0];
    expect(command, error.message).toBeDefined();
    const converted = join(dir, 'putty-converted');
    const args = command!.split(' ').slice(1).map((word) => (word === 'KEY' ? ppk : word === 'FILE' ? converted : word));
    const run = spawnSync('puttygen', args, { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect((await importKeypair({ privateKey: readFileSync(converted, 'utf8') })).publicKey).toMatch(/^ssh-ed25519 \S+ putty@test$/);
  });

  test('refuses input larger than 16 KiB before reading it', async () => {
    const error = await refusal(importKeypair({ privateKey: fakeOpensshKey('A'.repeat(17 * 1024)) }));
    expect(error.message).toMatch(/larger than 16 KiB/);
  });
});

describe('exporting keys', () => {
  test('exports an RSA key as PEM PKCS#1 and as OpenSSH, both read by ssh-keygen as the same key', async () => {
    const pair = await generateKeypair({ type: 'rsa' });
    const pem = exportPrivateKey(pair.privateKey, 'pem');
    expect(pem.format).toBe('pem');
    expect(pem.text).toMatch(/^-{5}BEGIN RSA PRIVATE KEY-{5}\n/);
    expect(derivedPublicKey(pem.text)).toBe(typeAndBlob(pair.publicKey));
    expect(derivedPublicKey(exportPrivateKey(pair.privateKey, 'openssh').text)).toBe(typeAndBlob(pair.publicKey));
  });

  test('exports an ECDSA key as PEM SEC1 that ssh-keygen loads as the same key', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const imported = await importKeypair({ privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    const pem = exportPrivateKey(imported.privateKey, 'pem');
    expect(pem.text).toMatch(/^-{5}BEGIN EC PRIVATE KEY-{5}\n/);
    expect(derivedPublicKey(pem.text)).toBe(typeAndBlob(imported.publicKey));
  });

  test('writes an Ed25519 key asked for as PEM in OpenSSH format, as ssh-keygen -m PEM does, and ssh-keygen loads it', async () => {
    const pair = await generateKeypair({ comment: 'x' });
    const exported = exportPrivateKey(pair.privateKey, 'pem');
    expect(exported.format).toBe('openssh');
    expect(exported.text).toMatch(/^-{5}BEGIN OPENSSH PRIVATE KEY-{5}\n/);
    expect(derivedPublicKey(exported.text)).toBe(typeAndBlob(pair.publicKey));
    // What ssh-keygen itself writes when asked for PEM with an Ed25519 key: the same format.
    const keyFile = writeKey('ed25519-to-pem', pair.privateKey);
    sshKeygen('-p', '-m', 'PEM', '-P', '', '-N', '', '-f', keyFile);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^-{5}BEGIN OPENSSH PRIVATE KEY-{5}\n/);
  });

  test('makes an authorized_keys line with the given comment', async () => {
    const pair = await generateKeypair({ comment: 'old' });
    expect(authorizedKeysLine(pair.publicKey, 'nasconsole backup')).toBe(`${typeAndBlob(pair.publicKey)} nasconsole backup`);
    expect(authorizedKeysLine(`${pair.publicKey}\n`)).toBe(pair.publicKey);
  });

  test('refuses a public key line whose type does not match its data', async () => {
    const pair = await generateKeypair();
    expect(() => describeKey(pair.publicKey.replace('ssh-ed25519', 'ssh-rsa'))).toThrow(/says ssh-rsa but its data is a ssh-ed25519 key/);
    expect(() => describeKey('ssh-ed25519 AAAA')).toThrow(UserError);
  });
});
