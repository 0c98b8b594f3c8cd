import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { saveConfiguration } from '../../src/engine/archive/save.js';
import { INPUT_LIMITS } from '../../src/engine/boundedInput.js';
import { fileMode } from '../../src/engine/fsSafe.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { openTestStore } from '../helpers/dataStores.js';
import { useTempDirs } from '../helpers/tempDir.js';

const tempDir = useTempDirs();
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** One clean line on stderr, exit 1, nothing on stdout. */
function expectRefused(result: CliResult, message: string | RegExp): void {
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
  expect(result.code).toBe(1);
}

async function dataDirWithCredential(): Promise<string> {
  const dir = tempDir();
  const added = await runCli(['--data-dir', dir, 'cloud', 'add', 'box', '--provider', 'FTP', '--attributes-file', '-'], { input: '{"host":"ftp.example.com","user":"nas","pass":"p"}' });
  expect(added.code).toBe(0);
  return dir;
}

describe('inputs are bounded and only regular files or stdin', () => {
  const inputs: { command: (dir: string, file: string) => string[]; limit: number }[] = [
    { command: (dir, file) => ['--data-dir', dir, 'cloud', 'add', 'x', '--provider', 'FTP', '--attributes-file', file], limit: 1024 * 1024 },
    { command: (dir, file) => ['--data-dir', dir, 'keypair', 'import', 'x', '--private-file', file], limit: 16 * 1024 },
    { command: (dir, file) => ['--data-dir', dir, 'pool-keys', 'import', file], limit: 1024 * 1024 },
    { command: (dir, file) => ['--data-dir', dir, 'config', 'upload', file], limit: INPUT_LIMITS.configUpload.maxBytes },
    { command: (dir, file) => ['--data-dir', dir, 'config', 'save', '--to', dir, '--passphrase-file', file], limit: 4096 },
  ];

  it('refuses a device, a FIFO and a file over the limit, each with one line, without hanging or reading it all', async () => {
    const dir = tempDir();
    const fifo = join(tempDir(), 'fifo');
    execFileSync('mkfifo', [fifo]);
    for (const input of inputs) {
      expectRefused(await runCli(input.command(dir, '/dev/zero'), { timeoutMs: 20_000 }), /is not a regular file/);
      expectRefused(await runCli(input.command(dir, fifo), { timeoutMs: 20_000 }), /is not a regular file/);
      const big = join(tempDir(), 'big');
      writeFileSync(big, '');
      truncateSync(big, input.limit + 1); // sparse: nothing written
      expectRefused(await runCli(input.command(dir, big), { timeoutMs: 20_000 }), /is larger than .* may be \(at most /);
    }
  });

  it('stops reading stdin at the limit', async () => {
    const result = await runCli(['--data-dir', tempDir(), 'cloud', 'add', 'x', '--provider', 'FTP', '--attributes-file', '-'], { input: 'x'.repeat(1024 * 1024 + 10) });
    expectRefused(result, /stdin is larger than an attributes file may be \(at most 1 MiB\)/);
  });

  it('states the limits in --help', async () => {
    const help = async (...args: string[]) => (await runCli([...args, '--help'])).stdout.replace(/\s+/g, ' '); // help wraps lines
    expect(await help('cloud', 'add')).toContain('at most 1 MiB');
    expect(await help('keypair', 'import')).toContain('at most 16 KiB');
    expect(await help('config', 'upload')).toContain('at most 129 MiB');
    expect(await help('pool-keys', 'import')).toContain('at most 1 MiB');
  });
});

describe('targets of a save', () => {
  it('refuses a device and a symbolic link, and leaves them as they were', async () => {
    const dir = await dataDirWithCredential();
    expectRefused(await runCli(['--data-dir', dir, 'config', 'save', '--to', '/dev/null']), /\/dev\/null is not a regular file/);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    const out = tempDir();
    writeFileSync(join(out, 'real.tar'), 'keep me');
    symlinkSync(join(out, 'real.tar'), join(out, 'link.tar'));
    expectRefused(await runCli(['--data-dir', dir, 'config', 'save', '--to', join(out, 'link.tar'), '--force']), /is a symbolic link/);
    expect(lstatSync(join(out, 'link.tar')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(out, 'real.tar'), 'utf8')).toBe('keep me');
  });

  it('refuses an existing file unless --force', async () => {
    const dir = await dataDirWithCredential();
    const target = join(tempDir(), 'config.tar');
    writeFileSync(target, 'an older save');
    expectRefused(await runCli(['--data-dir', dir, 'config', 'save', '--to', target]), /config\.tar already exists: add --force to replace it\./);
    expect(readFileSync(target, 'utf8')).toBe('an older save');
    expect((await runCli(['--data-dir', dir, 'config', 'save', '--to', target, '--force'])).code).toBe(0);
    expect(readFileSync(target).subarray(0, 100).toString('latin1')).toContain('manifest.json');
  });

  it('gives two saves in the same second two names', async () => {
    const data = openTestStore(tempDir());
    const out = tempDir();
    const now = new Date('2026-11-30T12:00:00Z');
    const first = await saveConfiguration(data.store, out, { secretSeed: false, poolKeys: false }, now);
    const second = await saveConfiguration(data.store, out, { secretSeed: false, poolKeys: false }, now);
    data.store.close();
    expect(second.path).not.toBe(first.path);
    expect(second.path).toBe(first.path.replace(/\.tar$/, '-2.tar'));
    expect(readdirSync(out).sort()).toEqual([first.path, second.path].map((path) => path.slice(out.length + 1)).sort());
  });

  it('refuses an empty passphrase when encryption was asked for, and writes nothing', async () => {
    const dir = await dataDirWithCredential();
    const out = tempDir();
    const empty = join(tempDir(), 'empty');
    writeFileSync(empty, '\n');
    expectRefused(await runCli(['--data-dir', dir, 'config', 'save', '--to', out, '--secret-seed', '--passphrase-file', empty]), /The passphrase is empty/);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('the data dir belongs to its user', () => {
  it.skipIf(!isRoot)('refuses a data dir another user owns, and one whose database another user owns', async () => {
    const dir = join(tempDir(), 'shared');
    mkdirSync(dir, { mode: 0o777 });
    chmodSync(dir, 0o777);
    chownSync(dir, NOBODY, NOBODY);
    expectRefused(await runCli(['--data-dir', dir, 'cloud', 'list']), /belongs to user id 65534, not to you \(0\).*chown/);
    expect(existsSync(join(dir, 'pwenc_secret'))).toBe(false);

    const other = await dataDirWithCredential();
    chownSync(join(other, 'config.db'), NOBODY, NOBODY);
    expectRefused(await runCli(['--data-dir', other, 'cloud', 'list']), /config\.db belongs to user id 65534/);
  });

  it('refuses a database or seed others can write, and tightens one they can only read', async () => {
    const dir = await dataDirWithCredential();
    chmodSync(join(dir, 'pwenc_secret'), 0o666);
    expectRefused(await runCli(['--data-dir', dir, 'cloud', 'list']), /pwenc_secret can be written by other users \(mode 666\).*chmod 600/);
    chmodSync(join(dir, 'pwenc_secret'), 0o644);
    chmodSync(join(dir, 'config.db'), 0o644);
    chmodSync(dir, 0o755);
    expect((await runCli(['--data-dir', dir, 'cloud', 'list'])).code).toBe(0);
    expect([fileMode(dir), fileMode(join(dir, 'pwenc_secret')), fileMode(join(dir, 'config.db'))]).toEqual([0o700, 0o600, 0o600]);
  });
});

describe('seed errors have a way out', () => {
  it('with a wrong seed, commands refuse, and an upload that carries its seed still works', async () => {
    const dir = await dataDirWithCredential();
    const saved = (await runCli(['--data-dir', dir, 'config', 'save', '--to', tempDir(), '--secret-seed', '--json'])).json().path as string;
    writeFileSync(join(dir, 'pwenc_secret'), Buffer.alloc(32, 7));
    const refused = await runCli(['--data-dir', dir, 'cloud', 'list']);
    expectRefused(refused, /does not match this configuration database.*a configuration saved with its seed can always be uploaded/);
    const upload = await runCli(['--data-dir', dir, 'config', 'upload', saved, '--json']);
    expect(upload.stderr).toBe('');
    expect(upload.json()).toMatchObject({ seedReplaced: true, counts: { cloudCredentials: 1 } });
    const shown = await runCli(['--data-dir', dir, 'cloud', 'show', 'box', '--reveal', '--json']);
    expect(shown.json().attributes.pass).toBe('p');
  });

  it('never adopts a wrong seed when the check value is missing, so the right seed still works', async () => {
    const dir = await dataDirWithCredential();
    const right = readFileSync(join(dir, 'pwenc_secret'));
    const db = new Database(join(dir, 'config.db'));
    db.prepare("DELETE FROM settings WHERE key = 'pwenc_check'").run();
    db.close();
    writeFileSync(join(dir, 'pwenc_secret'), Buffer.alloc(32, 9));
    expectRefused(await runCli(['--data-dir', dir, 'cloud', 'list']), /decrypts none of the secrets/);
    writeFileSync(join(dir, 'pwenc_secret'), right);
    const shown = await runCli(['--data-dir', dir, 'cloud', 'show', 'box', '--reveal', '--json']);
    expect(shown.code).toBe(0);
    expect(shown.json().attributes.pass).toBe('p');
  });

  it('a damaged pool key is named, and repair drops it so saves and backups work again', async () => {
    const dir = await dataDirWithCredential();
    const keys = join(tempDir(), 'keys.json');
    writeFileSync(keys, JSON.stringify({ 'tank/vault': 'cd'.repeat(32) }));
    expect((await runCli(['--data-dir', dir, 'pool-keys', 'import', keys])).code).toBe(0);
    const db = new Database(join(dir, 'config.db'));
    db.prepare("UPDATE pool_keys SET encryption_key = substr(encryption_key, 1, 20) || 'AAAA' || substr(encryption_key, 25)").run();
    db.close();
    const save = await runCli(['--data-dir', dir, 'config', 'save', '--to', tempDir(), '--pool-keys']);
    expectRefused(save, /The key of pool dataset "tank\/vault" does not decrypt.*config repair/);
    const repair = await runCli(['--data-dir', dir, 'config', 'repair', '--drop-damaged', '--json']);
    expect(repair.json()).toEqual({ dropped: true, damaged: [{ kind: 'pool key', name: 'tank/vault' }] });
    expect((await runCli(['--data-dir', dir, 'config', 'save', '--to', tempDir(), '--pool-keys'])).code).toBe(0);
  });
});

describe('names are printed with their control characters escaped', () => {
  it('in error lines and in listings', async () => {
    const dir = await dataDirWithCredential();
    const shown = await runCli(['--data-dir', dir, 'cloud', 'show', '\x1b[2J\x1b]0;pwned\x07box']);
    expectRefused(shown, /No cloud credential named "\\u001b\[2J\\u001b\]0;pwned\\u0007box"\./);
    expect(shown.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    const added = await runCli(['--data-dir', dir, 'cloud', 'add', 'evil\u202eexe.txt', '--provider', 'FTP', '--attributes-file', '-'], { input: '{"host":"h.example.com","user":"u","pass":"p"}' });
    expectRefused(added, /contains control or direction-changing characters/);
    expect(added.stderr).not.toContain('\u202e');
  });
});
