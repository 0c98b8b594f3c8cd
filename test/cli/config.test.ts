import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/tempDir.js';

const tempDir = useTempDirs();

describe('scripted config commands', () => {
  it('save with seed and pool keys, then upload into a fresh data dir, with --json output', async () => {
    const source = tempDir();
    const keysFile = join(tempDir(), 'keys.json');
    writeFileSync(keysFile, JSON.stringify({ 'tank/vault': 'cd'.repeat(32) }));
    expect((await runCli(['--data-dir', source, 'pool-keys', 'import', keysFile])).code).toBe(0);

    const out = tempDir();
    const save = await runCli(['--data-dir', source, 'config', 'save', '--to', out, '--secret-seed', '--pool-keys', '--json']);
    expect(save.stderr).toBe('');
    expect(save.code).toBe(0);
    const saved = save.json();
    expect(saved.options).toEqual({ secretSeed: true, poolKeys: true, passphrase: false });
    expect(saved.path.startsWith(out)).toBe(true);

    const target = tempDir();
    const upload = await runCli(['--data-dir', target, 'config', 'upload', saved.path, '--json']);
    expect(upload.code).toBe(0);
    expect(upload.json()).toMatchObject({ seedReplaced: true, poolKeysRestored: 1, dropped: [], counts: { poolKeys: 1 } });
    expect(readFileSync(join(target, 'pwenc_secret')).equals(readFileSync(join(source, 'pwenc_secret')))).toBe(true);

    const list = await runCli(['--data-dir', target, 'pool-keys', 'list', '--json']);
    expect(list.json()).toEqual([{ dataset: 'tank/vault' }]);
    const revealed = await runCli(['--data-dir', target, 'pool-keys', 'list', '--reveal', '--json']);
    expect(revealed.json()).toEqual([{ dataset: 'tank/vault', key: 'cd'.repeat(32) }]);

    const backups = await runCli(['--data-dir', target, 'config', 'backups', '--json']);
    expect(backups.json().map((b: { kind: string }) => b.kind)).toEqual(['pre-upload']);

    const audit = await runCli(['--data-dir', target, 'audit', '--json']);
    expect(audit.json()[0]).toMatchObject({ action: 'upload', kind: 'configuration' });
  });

  it('reads the archive passphrase from an environment variable, never argv', async () => {
    const source = tempDir();
    const out = join(tempDir(), 'x.tar.age');
    const save = await runCli(['--data-dir', source, 'config', 'save', '--to', out, '--secret-seed', '--passphrase-env', 'ARCHIVE_PASS', '--json'], { env: { ARCHIVE_PASS: 'pass one two' } });
    expect(save.code).toBe(0);
    const target = tempDir();
    const refused = await runCli(['--data-dir', target, 'config', 'upload', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toBe('nasconsole: This archive is passphrase-protected (age): give the passphrase with --passphrase-file or --passphrase-env.\n');
    const passFile = join(tempDir(), 'pass');
    writeFileSync(passFile, 'pass one two\n');
    expect((await runCli(['--data-dir', target, 'config', 'upload', out, '--passphrase-file', passFile])).code).toBe(0);
  });

  it('fails with one line on stderr and exit 1; bad usage exits 2', async () => {
    const dir = tempDir();
    const missing = await runCli(['--data-dir', dir, 'config', 'upload', join(dir, 'nope.tar')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^nasconsole: Cannot read .*nope\.tar: ENOENT\.\n$/);
    const notAnArchive = join(dir, 'junk.tar');
    writeFileSync(notAnArchive, 'junk'.repeat(300));
    const junk = await runCli(['--data-dir', dir, 'config', 'upload', notAnArchive]);
    expect(junk.stderr).toBe('nasconsole: The file is not a valid tar archive, or it is truncated or corrupt.\n');
    expect((await runCli(['--data-dir', dir, 'config', 'frobnicate'])).code).toBe(2);
    expect((await runCli(['--data-dir', dir, 'config', 'upload'])).code).toBe(2);
    expect((await runCli(['--data-dir', dir, 'config', 'save', '--passphrase-env', 'UNSET_VAR_X'])).code).toBe(2);
  });

  it('runs the daily backup when due and not twice', async () => {
    const dir = tempDir();
    const first = await runCli(['--data-dir', dir, 'backup', 'scheduled', '--json']);
    expect(first.code).toBe(0);
    expect(first.json().created.name).toMatch(/^scheduled-\d{4}-\d{2}-\d{2}\.tar$/);
    const second = await runCli(['--data-dir', dir, 'backup', 'scheduled', '--json']);
    expect(second.json().created).toBeNull();
  });

  it('lists every subcommand with examples in --help', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['config', 'backup', 'pool-keys', 'audit']) expect(help.stdout).toContain(command);
    const saveHelp = await runCli(['config', 'save', '--help']);
    expect(saveHelp.stdout).toContain('Examples:');
    expect(saveHelp.stdout).toContain('SSH host keys');
  });
});

describe('backup retention', () => {
  it('is shown, set, and refused when out of range', async () => {
    const dir = tempDir();
    expect((await runCli(['--data-dir', dir, 'backup', 'retention', '--json'])).json()).toEqual({ retention: 30 });
    expect((await runCli(['--data-dir', dir, 'backup', 'retention', '7', '--json'])).json()).toEqual({ retention: 7 });
    expect((await runCli(['--data-dir', dir, 'backup', 'retention', '--json'])).json()).toEqual({ retention: 7 });
    const bad = await runCli(['--data-dir', dir, 'backup', 'retention', 'zero']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('whole number');
  });
});
