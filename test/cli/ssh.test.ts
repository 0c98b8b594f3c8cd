import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openTestStore, storedKeychain } from '../helpers/dataStores.js';
import { cliFails as fails, cliIn as cli, cliOk as ok, runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { keyscanLines, opensshKeyLogin, useSshd } from '../helpers/sshd.js';

// The `keypair` and `connection` commands of the built CLI against a real OpenSSH sshd.

const USER = 'nasctest-cli';
const tempDir = useTempDirs();
const sshd = useSshd({ user: USER });

function run(command: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(command, args, { encoding: 'utf8', timeout: 20_000 });
}


const passwordEnv = () => ({ NAS_ADMIN_PASS: sshd.password });
const semiAutomatic = (name: string, extra: string[] = []) => [
  'connection', 'add', name, '--semi-automatic', '--host', sshd.host, '--port', String(sshd.port), '--admin-username', sshd.user, '--password-env', 'NAS_ADMIN_PASS',
  '--accept-new-host-key', ...extra,
];

describe('connection add --semi-automatic', () => {
  test('installs a generated key; the exported key then logs in with the real OpenSSH client in batch mode', async () => {
    sshd.resetHome();
    const dir = tempDir();
    const added = await ok(dir, semiAutomatic('nas2', ['--generate-keypair']), passwordEnv());
    expect(added).toMatchObject({ name: 'nas2', host: sshd.host, port: sshd.port, username: sshd.user, keypairName: 'nas2-key', keyAdded: true });
    expect(added.hostKeys.map((key: { fingerprint: string }) => key.fingerprint).sort()).toEqual([...sshd.hostKeyFingerprints].sort());

    const keychain = storedKeychain(dir);
    const keypair = keychain.find((record) => record.type === 'SSH_KEY_PAIR')!;
    const connection = keychain.find((record) => record.type === 'SSH_CREDENTIALS')!;
    expect(connection.attributes).toMatchObject({ host: sshd.host, port: sshd.port, username: sshd.user, connect_timeout: 10, private_key: added.keypairCreated.id });
    expect(String(connection.attributes.remote_host_key).split('\n').sort()).toEqual([...sshd.hostKeyLines].sort());
    expect(readFileSync(join(sshd.homeDir, '.ssh', 'authorized_keys'), 'utf8')).toContain(String(keypair.attributes.public_key));

    const keyFile = join(tempDir(), 'nas2-key');
    const exported = await ok(dir, ['keypair', 'export', 'nas2-key', '--to', keyFile]);
    expect(exported).toMatchObject({ path: keyFile, format: 'openssh', mode: '0600' });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(run('ssh-keygen', ['-y', '-f', keyFile]).stdout.trim().split(' ').slice(0, 2).join(' ')).toBe(String(keypair.attributes.public_key).split(' ').slice(0, 2).join(' '));
    expect(opensshKeyLogin(sshd, { keyFile }).ok).toBe(true);

    const list = await ok(dir, ['connection', 'list']);
    expect(list).toEqual([expect.objectContaining({ name: 'nas2', keypairName: 'nas2-key', lastCheck: expect.objectContaining({ ok: true }) })]);
    const tested = await ok(dir, ['connection', 'test', 'nas2']);
    expect(tested).toMatchObject({ ok: true, name: 'nas2', acceptedHostKey: null });
    expect(sshd.hostKeyFingerprints).toContain(tested.fingerprint);

    const audit = await cli(dir, ['audit', '--json']);
    expect(audit.stdout).not.toContain(sshd.password);
    expect(audit.stdout).not.toContain('PRIVATE KEY');
    // Newest first: the private key's export, the connection, its generated keypair.
    expect((audit.json() as { action: string; record: string }[]).map((entry) => [entry.action, entry.record])).toEqual([
      ['export', 'nas2-key'],
      ['create', 'nas2'],
      ['create', 'nas2-key'],
    ]);
  });

  test('uses an existing keypair and a login user other than the admin', async () => {
    sshd.resetHome();
    const dir = tempDir();
    await ok(dir, ['keypair', 'generate', 'shared', '--comment', 'shared key']);
    const added = await ok(dir, semiAutomatic('nas2', ['--keypair', 'shared', '--username', sshd.user]), passwordEnv());
    expect(added).toMatchObject({ keypairName: 'shared', keypairCreated: null });
    expect(storedKeychain(dir).map((record) => record.name).sort()).toEqual(['nas2', 'shared']);
  });

  test('a wrong password fails clearly and stores nothing, not even the keypair generated for it', async () => {
    const dir = tempDir();
    const message = await fails(dir, semiAutomatic('nas2'), 1, { NAS_ADMIN_PASS: 'not-the-password' });
    expect(message).toContain('wrong username or password');
    expect(storedKeychain(dir)).toEqual([]);
    expect(await ok(dir, ['keypair', 'list'])).toEqual([]);
  });

  test('an unreachable port fails clearly and stores nothing', async () => {
    const dir = tempDir();
    const closedPort = String(sshd.port === 1 ? 2 : 1);
    const args = semiAutomatic('nas2');
    args[args.indexOf('--port') + 1] = closedPort;
    const message = await fails(dir, args, 1, passwordEnv());
    expect(message).toMatch(/connection refused/);
    expect(message).not.toContain(sshd.password);
    expect(storedKeychain(dir)).toEqual([]);
  });

  test('the password never comes from argv: without a source and a terminal it is bad usage', async () => {
    const dir = tempDir();
    const args = semiAutomatic('nas2').filter((arg) => arg !== '--password-env' && arg !== 'NAS_ADMIN_PASS');
    expect(await fails(dir, args, 2)).toMatch(/Password of .* needed/);
    expect(await fails(dir, [...args, '--password', 'x'], 2)).toMatch(/unknown option '--password'/);
  });
});

describe('connection add --manual and connection test', () => {
  test('discovers the host keys ssh-keyscan sees; a new host key fails the test until accepted', async () => {
    sshd.resetHome();
    const dir = tempDir();
    // The key is installed by a semi-automatic connection; the manual one reuses its keypair.
    await ok(dir, semiAutomatic('setup', ['--generate-keypair']), passwordEnv());
    const manual = await ok(dir, ['connection', 'add', 'nas3', '--manual', '--host', sshd.host, '--port', String(sshd.port), '--username', sshd.user, '--keypair', 'setup-key', '--discover-host-key', '--accept-new-host-key', '--connect-timeout', '5']);
    expect(manual).toMatchObject({ name: 'nas3', username: sshd.user, connectTimeout: 5, keypairName: 'setup-key', keypairCreated: null });
    const stored = storedKeychain(dir).find((record) => record.name === 'nas3')!;
    expect(String(stored.attributes.remote_host_key).split('\n').sort()).toEqual(keyscanLines(sshd));
    expect(manual.hostKeys.map((key: { fingerprint: string }) => key.fingerprint).sort()).toEqual([...sshd.hostKeyFingerprints].sort());
    expect((await ok(dir, ['connection', 'test', 'nas3'])).ok).toBe(true);

    const oldFingerprints = [...sshd.hostKeyFingerprints];
    await sshd.restartWithNewHostKey();
    const mismatch = await fails(dir, ['connection', 'test', 'nas3'], 1);
    expect(mismatch).toContain('has CHANGED (possible man-in-the-middle attack)');
    expect(oldFingerprints.some((fingerprint) => mismatch.includes(fingerprint))).toBe(true);
    expect(sshd.hostKeyFingerprints.some((fingerprint) => mismatch.includes(fingerprint))).toBe(true);
    const failed = (await ok(dir, ['connection', 'list'])).find((c: { name: string }) => c.name === 'nas3');
    expect(failed.lastCheck).toMatchObject({ ok: false, message: expect.stringContaining('CHANGED') });

    const accepted = await ok(dir, ['connection', 'test', 'nas3', '--accept-new-host-key']);
    expect(sshd.hostKeyFingerprints).toContain(accepted.acceptedHostKey.fingerprint);
    expect((await ok(dir, ['connection', 'test', 'nas3'])).acceptedHostKey).toBeNull();
    const shown = await ok(dir, ['connection', 'show', 'nas3']);
    expect(shown.hostKeys.map((key: { fingerprint: string }) => key.fingerprint)).toEqual([accepted.acceptedHostKey.fingerprint]);
    expect(shown.lastCheck.ok).toBe(true);
  });

  test('a pasted host key file is stored; without a host key or keypair the command is bad usage', async () => {
    const dir = tempDir();
    await ok(dir, ['keypair', 'generate', 'k']);
    const keysFile = join(tempDir(), 'keys');
    writeFileSync(keysFile, run('ssh-keyscan', ['-p', String(sshd.port), sshd.host]).stdout);
    const added = await ok(dir, ['connection', 'add', 'pasted', '--manual', '--host', sshd.host, '--port', String(sshd.port), '--keypair', 'k', '--host-key-file', keysFile]);
    expect(added).toMatchObject({ username: 'root', port: sshd.port, connectTimeout: 10 });
    expect(added.hostKeys).toHaveLength(3);
    await fails(dir, ['connection', 'add', 'x', '--manual', '--host', sshd.host, '--keypair', 'k'], 2);
    await fails(dir, ['connection', 'add', 'x', '--manual', '--host', sshd.host, '--host-key-file', keysFile], 2);
    await fails(dir, ['connection', 'add', 'x', '--host', sshd.host], 2);
    expect(await fails(dir, ['connection', 'add', 'x', '--manual', '--host', sshd.host, '--port', String(sshd.port), '--keypair', 'nope', '--host-key-file', keysFile], 1)).toContain('No SSH keypair named "nope"');
    expect((await ok(dir, ['connection', 'list'])).map((c: { name: string }) => c.name)).toEqual(['pasted']);
    expect(await ok(dir, ['connection', 'delete', 'pasted'])).toEqual({ deleted: 'pasted' });
    expect(await ok(dir, ['connection', 'list'])).toEqual([]);
    expect((await ok(dir, ['keypair', 'list'])).map((k: { name: string }) => k.name)).toEqual(['k']);
  });
});

describe('keypair delete', () => {
  test('is refused while a connection or an SFTP credential uses the keypair, naming them; cascade removes connections', async () => {
    const dir = tempDir();
    const keypair = await ok(dir, ['keypair', 'generate', 'k']);
    const keysFile = join(tempDir(), 'keys');
    writeFileSync(keysFile, `${sshd.hostKeyLines[0]}\n`);
    for (const name of ['c1', 'c2']) await ok(dir, ['connection', 'add', name, '--manual', '--host', sshd.host, '--keypair', 'k', '--host-key-file', keysFile]);

    const refused = await fails(dir, ['keypair', 'delete', 'k'], 1);
    expect(refused).toContain('SSH connection(s) "c1" and "c2"');
    expect((await ok(dir, ['keypair', 'show', 'k'])).usedBy.connections.map((c: { name: string }) => c.name)).toEqual(['c1', 'c2']);

    const data = openTestStore(dir);
    const sftp = data.store.cloudCredentials.create('offsite-sftp', 'SFTP', { host: 'backup.example.com', port: 22, user: 'nas', private_key: keypair.id });
    data.store.close();
    const blocked = await fails(dir, ['keypair', 'delete', 'k', '--cascade'], 1);
    expect(blocked).toContain('SFTP cloud credential(s) "offsite-sftp"');
    expect(blocked).toContain('cascade deletes SSH connections only');
    expect(storedKeychain(dir)).toHaveLength(3);

    const again = openTestStore(dir);
    again.store.cloudCredentials.remove(sftp.id);
    again.store.close();
    expect(await ok(dir, ['keypair', 'delete', 'k', '--cascade'])).toEqual({ deleted: 'k', connectionsDeleted: ['c1', 'c2'] });
    expect(storedKeychain(dir)).toEqual([]);
  });
});

describe('keypair generate, import and export', () => {
  function keygen(dir: string, name: string, ...args: string[]): string {
    const file = join(dir, name);
    const result = run('ssh-keygen', ['-q', '-C', `${name}@test`, '-f', file, ...args]);
    expect(result.status, result.stderr).toBe(0);
    return file;
  }
  const fingerprintOf = (file: string) => run('ssh-keygen', ['-l', '-f', file]).stdout.split(/\s+/)[1];

  test('keys made by ssh-keygen import: ed25519, rsa, PEM, and a protected key with its passphrase from the environment', async () => {
    const dir = tempDir();
    const keys = tempDir();
    const cases = [
      { name: 'ed', file: keygen(keys, 'ed', '-t', 'ed25519', '-N', ''), type: 'ED25519', bits: 256 },
      { name: 'rsa', file: keygen(keys, 'rsa', '-t', 'rsa', '-b', '3072', '-N', ''), type: 'RSA', bits: 3072 },
      { name: 'pem', file: keygen(keys, 'pem', '-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', ''), type: 'RSA', bits: 2048 },
    ];
    for (const { name, file, type, bits } of cases) {
      const imported = await ok(dir, ['keypair', 'import', name, '--private-file', file, '--public-file', `${file}.pub`]);
      expect(imported).toMatchObject({ name, keyType: type, bits, comment: `${name}@test`, fingerprint: fingerprintOf(`${file}.pub`) });
    }

    const locked = keygen(keys, 'locked', '-t', 'ed25519', '-N', 'open sesame');
    expect(await fails(dir, ['keypair', 'import', 'locked', '--private-file', locked], 2)).toContain('Passphrase of the private key needed');
    expect(await fails(dir, ['keypair', 'import', 'locked', '--private-file', locked, '--passphrase-env', 'KEYPASS'], 1, { KEYPASS: 'wrong' })).toContain('Wrong passphrase');
    const unlocked = await ok(dir, ['keypair', 'import', 'locked', '--private-file', locked, '--passphrase-env', 'KEYPASS'], { KEYPASS: 'open sesame' });
    expect(unlocked.fingerprint).toBe(fingerprintOf(`${locked}.pub`));
    // Stored decrypted: the export needs no passphrase.
    const exported = join(tempDir(), 'unlocked');
    await ok(dir, ['keypair', 'export', 'locked', '--to', exported]);
    expect(run('ssh-keygen', ['-y', '-P', '', '-f', exported]).status).toBe(0);

    expect(await fails(dir, ['keypair', 'import', 'mixed', '--private-file', cases[0]!.file, '--public-file', `${cases[1]!.file}.pub`], 1)).toContain('Private key and public key do not match');
    const garbage = join(keys, 'garbage');
    writeFileSync(garbage, 'hello\n');
    expect(await fails(dir, ['keypair', 'import', 'garbage', '--private-file', garbage], 1)).toContain('Not a private key');
    expect(await fails(dir, ['keypair', 'import', 'ed', '--private-file', cases[0]!.file], 1)).toContain('is taken');
    expect((await ok(dir, ['keypair', 'list'])).map((k: { name: string }) => k.name)).toEqual(['ed', 'locked', 'pem', 'rsa']);
  });

  test('generates Ed25519 by default and RSA-4096 on request; exports are 0600 files ssh-keygen reads, never overwriting', async () => {
    const dir = tempDir();
    const ed = await ok(dir, ['keypair', 'generate', 'ed', '--comment', 'nas1']);
    expect(ed).toMatchObject({ keyType: 'ED25519', bits: 256, comment: 'nas1' });
    const rsa = await ok(dir, ['keypair', 'generate', 'rsa', '--type', 'rsa', '--bits', '4096']);
    expect(rsa).toMatchObject({ keyType: 'RSA', bits: 4096 });
    await fails(dir, ['keypair', 'generate', 'bad', '--type', 'rsa', '--bits', '1024'], 2);
    await fails(dir, ['keypair', 'generate', 'bad', '--type', 'dsa'], 2);

    const out = tempDir();
    for (const [name, format] of [['ed', 'openssh'], ['rsa', 'pem']] as const) {
      const file = join(out, `${name}.${format}`);
      await ok(dir, ['keypair', 'export', name, '--to', file, '--format', format]);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const derived = run('ssh-keygen', ['-y', '-f', file]);
      expect(derived.status, derived.stderr).toBe(0);
      expect(run('ssh-keygen', ['-l', '-f', file]).stdout.split(/\s+/)[1]).toBe(name === 'ed' ? ed.fingerprint : rsa.fingerprint);
    }
    expect(readFileSync(join(out, 'rsa.pem'), 'utf8')).toMatch(/^-{5}BEGIN RSA PRIVATE KEY-{5}/);
    expect(await fails(dir, ['keypair', 'export', 'ed', '--to', join(out, 'ed.openssh')], 1)).toContain('already exists');
    const audit = JSON.parse((await cli(dir, ['audit', '--json'])).stdout) as { action: string; kind: string; record: string; detail: string }[];
    expect(audit.filter((entry) => entry.action === 'export').map((entry) => [entry.record, entry.detail])).toEqual([
      ['rsa', `pem to ${join(out, 'rsa.pem')}`],
      ['ed', `openssh to ${join(out, 'ed.openssh')}`],
    ]);

    const line = await cli(dir, ['keypair', 'public', 'ed']);
    expect(line.stdout).toBe(`${ed.publicKey}\n`);
    const pub = join(out, 'ed.pub');
    await ok(dir, ['keypair', 'export', 'ed', '--to', pub, '--format', 'public']);
    expect(run('ssh-keygen', ['-l', '-f', pub]).stdout.split(/\s+/)[1]).toBe(ed.fingerprint);

    for (const args of [['keypair', 'list'], ['keypair', 'show', 'ed'], ['keypair', 'show', 'rsa']]) {
      expect((await cli(dir, args)).stdout).not.toContain('PRIVATE KEY');
    }
  });

  test('every command lists examples in its help', async () => {
    for (const group of [['keypair', 'list', 'generate', 'import', 'show', 'public', 'export', 'delete'], ['connection', 'list', 'add', 'test', 'show', 'known-hosts', 'delete']]) {
      const [name, ...subcommands] = group;
      for (const sub of subcommands) {
        const help = await runCli([name!, sub!, '--help']);
        expect(help.code).toBe(0);
        expect(help.stdout).toMatch(/Examples?:\n {2}.*nasconsole /);
      }
    }
  });
});
