import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { CURRENT_CLOUD, makeTrueNasConfig } from '../fixtures/truenas/trueNasConfig.js';

const tempDir = useTempDirs();
const PASSWORD = 'conf pass 7';

async function ok(dir: string, args: string[], options: Parameters<typeof runCli>[1] = {}) {
  const result = await runCli(['--data-dir', dir, ...args], options);
  expect(result.code, result.stderr).toBe(0);
  return result;
}

describe('nasconsole rclone export and import, as scripts use them', () => {
  it('writes an encrypted rclone.conf rclone reads with RCLONE_CONFIG_PASS, refuses an existing file without --force, and imports it back with the password', async () => {
    const dir = tempDir();
    const work = tempDir();
    await ok(dir, ['cloud', 'add', 'web', '--provider', 'HTTP', '--attributes-file', '-'], { input: JSON.stringify({ url: 'https://example.org/pub/' }) });
    const passwordFile = join(work, 'pass');
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    const conf = join(work, 'rclone.conf');
    const exported = await ok(dir, ['rclone', 'export', '--to', conf, '--encrypt', '--password-file', passwordFile, '--json']);
    expect(exported.json()).toEqual({ exported: ['web'], encrypted: true, path: conf });
    expect(statSync(conf).mode & 0o777).toBe(0o600);
    const dumped = spawnSync('rclone', ['--config', conf, '--ask-password=false', 'config', 'dump'], { env: { PATH: process.env.PATH, HOME: work, RCLONE_CONFIG_PASS: PASSWORD }, encoding: 'utf8' });
    expect(JSON.parse(dumped.stdout)).toEqual({ web: { type: 'http', url: 'https://example.org/pub/' } });

    const again = await runCli(['--data-dir', dir, 'rclone', 'export', '--to', conf]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`nasconsole: ${conf} already exists: add --force to replace it.\n`);
    await ok(dir, ['rclone', 'export', '--to', conf, '--force']);
    expect(readFileSync(conf, 'utf8')).toContain('[web]\ntype = http\n');
    expect((await runCli(['--data-dir', dir, 'rclone', 'export', '--password-env', 'X'])).code).toBe(2);

    await ok(dir, ['rclone', 'export', '--to', conf, '--force', '--encrypt', '--password-env', 'CONF_PASS'], { env: { CONF_PASS: PASSWORD } });
    const other = tempDir();
    const imported = await ok(other, ['rclone', 'import', conf, '--password-env', 'CONF_PASS'], { env: { CONF_PASS: PASSWORD } });
    expect(imported.stdout).toBe('Imported 1, skipped 0.\n  imported web (HTTP)\n');
  });

  it('asks for --allow-key-files before reading a key file an rclone.conf names, then imports it as a keypair', async () => {
    const dir = tempDir();
    const work = tempDir();
    const key = join(work, 'id_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const conf = join(work, 'rclone.conf');
    writeFileSync(conf, `[nas]\ntype = sftp\nhost = nas.lan\nuser = backup\nkey_file = ${key}\n`);
    const refused = await runCli(['--data-dir', dir, 'rclone', 'import', conf]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`nasconsole: This rclone.conf names key files on this machine: ${key}: add --allow-key-files to read them.\n`);
    const imported = await ok(dir, ['rclone', 'import', conf, '--allow-key-files', '--json']);
    expect(imported.json().imported).toEqual([{ name: 'nas', from: 'nas', provider: 'SFTP', keypair: 'nas', keptOptions: [], ignoredOptions: [], notes: [] }]);
  });

  it('states the input limits in --help', async () => {
    expect((await runCli(['rclone', 'import', '--help'])).stdout).toContain('at most 4 MiB');
    expect((await runCli(['import', 'truenas', '--help'])).stdout).toMatch(/at most 64 MiB[\s\S]*at most 4 KiB/);
  });
});

describe('nasconsole import truenas', () => {
  it('reads a CORE archive and says what it imported, linked and left in the archive, and which seed decrypted it', async () => {
    const dir = tempDir();
    const work = tempDir();
    const secret = randomBytes(32);
    const { tar } = makeTrueNasConfig(work, {
      schema: 'core',
      secretHex: secret.toString('hex'),
      cloud: CURRENT_CLOUD.slice(0, 1),
      volumes: [{ name: 'tank', encryptkey: 'c0ffee00-0000-4000-8000-000000000001' }],
      geli: { 'c0ffee00-0000-4000-8000-000000000001': randomBytes(64).toString('hex') },
      tar: { seedHex: randomBytes(32).toString('hex'), extra: { root_authorized_keys: 'ssh-ed25519 AAAA root@core\n' } },
    });
    const seedFile = join(work, 'pwenc_secret.real');
    writeFileSync(seedFile, secret, { mode: 0o600 });
    const result = await ok(dir, ['import', 'truenas', tar!, '--secret-file', seedFile]);
    expect(result.stdout).toBe(
      [
        'Imported 2, linked 0, skipped 0. Seed: the --secret-file.',
        '  imported cloud credential aws',
        '  imported pool key tank (from geli/c0ffee00-0000-4000-8000-000000000001.key)',
        '  ignored in the archive: root_authorized_keys',
        "  note: The archive holds its own pwenc_secret, which differs from the seed given: the seed given was used.",
        '',
      ].join('\n'),
    );
    const again = await ok(dir, ['import', 'truenas', tar!, '--secret-file', seedFile]);
    expect(again.stdout).toContain('  linked pool key geli/c0ffee00-0000-4000-8000-000000000001.key to the stored tank (the same key)');
    expect(again.stdout).toContain('Add --rename to import the records whose name exists under a new name.');
    const keys = await ok(dir, ['pool-keys', 'list', '--json']);
    expect(JSON.stringify(keys.json())).toContain('tank');
  });
});

describe('nasconsole keypair export --format pem of an Ed25519 key', () => {
  it('writes the OpenSSH format, as ssh-keygen -m PEM does, and says so; ssh-keygen -y loads it', async () => {
    const dir = tempDir();
    const work = tempDir();
    await ok(dir, ['keypair', 'generate', 'ed']);
    const file = join(work, 'ed.pem');
    const result = await ok(dir, ['keypair', 'export', 'ed', '--to', file, '--format', 'pem', '--json']);
    expect(result.json()).toEqual({ name: 'ed', path: file, format: 'openssh', mode: '0600' });
    const derived = execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' }).split(' ').slice(0, 2).join(' ');
    const stored = (await ok(dir, ['keypair', 'public', 'ed'])).stdout.split(' ').slice(0, 2).join(' ');
    expect(derived).toBe(stored);
  });
});
