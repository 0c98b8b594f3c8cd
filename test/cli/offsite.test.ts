import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI_PATH, cliFails as fails, cliIn as cli, cliOk as ok } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { startSshd, type RunningSshd } from '../../testing/sshd.js';
import { startTcpProxy } from '../harness/tcpProxy.js';
import { startWebdavServer, type TestWebdavServer } from '../harness/webdavServer.js';

// The off-box backup commands of the built CLI, as issue 11 writes them, against a real
// WebDAV server (through real rclone) and a real sshd (SFTP over an SSH connection).

const USER = 'nasctest-offcli';
const DAV_PASSWORD = 'dav-pass:word/+=';
const tempDir = useTempDirs();
let dav: TestWebdavServer;
let sshd: RunningSshd;
/** This run's directory in the test user's home (which outlives runs). */
let sshBase: string;

beforeAll(async () => {
  [dav, sshd] = await Promise.all([startWebdavServer('erin', DAV_PASSWORD), startSshd({ user: USER, hostKeyTypes: ['ed25519'] })]);
  sshBase = join(sshd.homeDir, `offcli-${randomBytes(4).toString('hex')}`);
  mkdirSync(sshBase, { mode: 0o700 });
  const [uid, gid] = ['-u', '-g'].map((flag) => Number(spawnSync('id', [flag, USER], { encoding: 'utf8' }).stdout));
  chownSync(sshBase, uid!, gid!);
});
afterAll(async () => {
  if (sshBase) rmSync(sshBase, { recursive: true, force: true });
  await Promise.all([dav?.close(), sshd?.stop()]);
});

/** A data dir with the WebDAV credential stored, as a new machine would have it. */
async function withDavCredential(): Promise<string> {
  const dir = tempDir();
  const attributes = join(tempDir(), 'dav.json');
  writeFileSync(attributes, JSON.stringify({ url: dav.url, vendor: 'OTHER', user: 'erin', pass: DAV_PASSWORD }));
  await ok(dir, ['cloud', 'add', 'dav', '--provider', 'WEBDAV', '--attributes-file', attributes]);
  return dir;
}

/** An identity file made by the real age-keygen: a key no backup here was encrypted to. */
function strangerIdentityFile(): string {
  const path = join(tempDir(), 'stranger.txt');
  const made = spawnSync('age-keygen', ['-o', path], { encoding: 'utf8' });
  expect(made.status, made.stderr).toBe(0);
  return path;
}

function age(args: string[], input: Buffer): { status: number | null; stdout: Buffer; stderr: string } {
  const result = spawnSync('age', args, { input, timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

describe('set up in three commands, push, and restore onto a new machine', () => {
  test('keygen, destination add, push; the real age decrypts what was pushed; config backups --from lists it; config upload --from restores it into a fresh data dir', async () => {
    const dir = await withDavCredential();
    const identityFile = join(tempDir(), 'identity.txt');

    // 1. keygen: the identity on stdout, once; only the recipient is stored.
    const keygen = await cli(dir, ['backup', 'keygen']);
    expect(keygen.code).toBe(0);
    expect(keygen.stdout).toMatch(/^# created: .*\n# public key: age1[0-9a-z]{58}\nAGE-SECRET-KEY-1[0-9A-Z]+\n$/);
    expect(keygen.stderr).toMatch(/not stored and is shown only once/);
    writeFileSync(identityFile, keygen.stdout, { mode: 0o600 });
    const recipients = await ok(dir, ['backup', 'recipient', 'list']);
    expect(recipients).toEqual([expect.objectContaining({ recipient: keygen.stdout.match(/age1[0-9a-z]{58}/)![0] })]);

    // 2. destination add.
    expect(await ok(dir, ['backup', 'destination', 'add', 'offsite', '--cloud', 'dav', '--path', 'nas/config', '--keep', '2'])).toMatchObject({
      name: 'offsite', kind: 'cloud', via: 'dav', path: 'nas/config', keep: 2, lastPush: null,
    });
    expect(await ok(dir, ['backup', 'destination', 'test', 'offsite'])).toMatchObject({ destination: 'offsite', backups: 0 });

    // 3. push.
    const pushed = await ok(dir, ['backup', 'push']);
    expect(pushed).toMatchObject({ created: true, backup: { kind: 'scheduled' }, pushes: [{ destination: 'offsite', ok: true }] });
    const name: string = pushed.pushes[0].file;
    expect(name).toMatch(/-nasconsole-\d{8}T\d{6}Z\.tar\.age$/);
    const [listed] = await ok(dir, ['backup', 'destination', 'list']);
    expect(listed.lastPush).toMatchObject({ ok: true, file: name });
    const text = await cli(dir, ['backup', 'destination', 'list']);
    expect(text.stdout).toMatch(/^NAME +VIA +PATH +KEEP +LAST PUSH\noffsite +cloud dav +nas\/config +2 +OK \d{4}-.*: pushed /);

    const encrypted = readFileSync(join(dav.root, 'nas/config', name));
    expect(encrypted.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    const decrypted = age(['-d', '-i', identityFile], encrypted);
    expect(decrypted.stderr).toBe('');
    const members = spawnSync('tar', ['-t'], { input: decrypted.stdout, encoding: 'utf8' }).stdout.trim().split('\n').sort();
    expect(members).toEqual(['config.db', 'manifest.json', 'pool_keys.json', 'pwenc_secret']);

    const remote = await ok(dir, ['config', 'backups', '--from', 'offsite']);
    expect(remote).toEqual([{ name, host: expect.any(String), createdAt: expect.any(String), bytes: encrypted.length, fromThisMachine: true }]);

    // A new machine: the credential, the destination, the identity.
    const fresh = await withDavCredential();
    await ok(fresh, ['backup', 'destination', 'add', 'offsite', '--cloud', 'dav', '--path', 'nas/config']);
    const restored = await ok(fresh, ['config', 'upload', '--from', 'offsite', name, '--identity-file', identityFile]);
    expect(restored).toMatchObject({ seedReplaced: true, dropped: [] });
    expect(readFileSync(join(fresh, 'pwenc_secret')).equals(readFileSync(join(dir, 'pwenc_secret')))).toBe(true);
    expect(await ok(fresh, ['backup', 'recipient', 'list'])).toEqual(recipients);
    expect((await ok(fresh, ['cloud', 'show', 'dav', '--reveal'])).attributes.pass).toBe(DAV_PASSWORD);
    // A passphrase is no key to a backup encrypted to recipients: said so, with the way out.
    expect(await fails(fresh, ['config', 'upload', '--from', 'offsite', name, '--passphrase-env', 'P'], 1, { P: 'a guess' })).toMatch(
      /encrypted to age recipients, not with a passphrase: .*--identity-file/,
    );

    // A pushed file fetched by hand restores too, with the identity.
    expect(await ok(tempDir(), ['config', 'upload', join(dav.root, 'nas/config', name), '--identity-file', identityFile])).toMatchObject({ seedReplaced: true });

    // The credential a destination uses cannot be deleted from under it.
    expect(await fails(dir, ['cloud', 'delete', 'dav'], 1)).toBe('nasconsole: Cloud credential "dav" is used by backup destination "offsite": remove the destination first.\n');
    expect(await ok(dir, ['backup', 'destination', 'remove', 'offsite'])).toEqual({ name: 'offsite' });
    expect(existsSync(join(dav.root, 'nas/config', name))).toBe(true);
  });

  test('a manual push with a passphrase instead of the recipients; restored with it, and refused with an identity', async () => {
    const dir = await withDavCredential();
    await ok(dir, ['backup', 'destination', 'add', 'offsite', '--cloud', 'dav', '--path', 'nas/manual']);
    const env = { BACKUP_PASS: 'correct horse battery staple' };
    const pushed = await ok(dir, ['backup', 'push', 'offsite', '--passphrase-env', 'BACKUP_PASS'], env);
    const name: string = pushed.pushes[0].file;
    const fresh = await withDavCredential();
    await ok(fresh, ['backup', 'destination', 'add', 'offsite', '--cloud', 'dav', '--path', 'nas/manual']);
    expect(await fails(fresh, ['config', 'upload', '--from', 'offsite', name, '--identity-file', strangerIdentityFile()], 1)).toMatch(/protected with a passphrase, not encrypted to a recipient: give its passphrase/);
    expect(await ok(fresh, ['config', 'upload', '--from', 'offsite', name, '--passphrase-env', 'BACKUP_PASS'], env)).toMatchObject({ seedReplaced: true });
    expect(readFileSync(join(fresh, 'pwenc_secret')).equals(readFileSync(join(dir, 'pwenc_secret')))).toBe(true);
  });
});

describe('nothing leaves unencrypted or without its seed', () => {
  test('no recipient: push and config save --push are refused, saying so and how to add one; nothing is written', async () => {
    const dir = await withDavCredential();
    await ok(dir, ['backup', 'destination', 'add', 'offsite', '--cloud', 'dav', '--path', 'nas/none']);
    const push = await fails(dir, ['backup', 'push'], 1);
    expect(push).toMatch(/^nasconsole: No backup leaves this machine unencrypted, and there is no age recipient .*: add one with "nasconsole backup recipient add age1\.\.\." or make one with "nasconsole backup keygen"\.\n$/);
    const out = tempDir();
    expect(await fails(dir, ['config', 'save', '--to', out, '--secret-seed', '--push', 'offsite'], 1)).toMatch(/no age recipient/);
    expect(readdirSync(out)).toEqual([]);
    // The daily run makes the local backup all the same, and records on the destination why nothing left.
    const scheduled = await cli(dir, ['backup', 'scheduled', '--json']);
    expect(scheduled.code).toBe(1);
    expect(scheduled.json()).toMatchObject({ created: { kind: 'scheduled' }, pushes: [{ ok: false, message: expect.stringMatching(/no age recipient/) }] });
    expect(scheduled.stderr).toMatch(/^nasconsole: The push to "offsite" failed: No backup leaves this machine unencrypted/);
    expect((await ok(dir, ['backup', 'destination', 'list']))[0].lastPush).toMatchObject({ ok: false, message: expect.stringMatching(/no age recipient/) });
    await ok(dir, ['backup', 'recipient', 'add', spawnSync('age-keygen', ['-y', strangerIdentityFile()], { encoding: 'utf8' }).stdout.trim()]);
    expect(await fails(dir, ['config', 'save', '--to', out, '--push', 'offsite'], 1)).toMatch(/must hold the secret seed.*: add --secret-seed\.\n$/);
    expect(readdirSync(out)).toEqual([]);
    expect(existsSync(join(dav.root, 'nas/none'))).toBe(false);
  });

  test('bad usage exits 2 with one line', async () => {
    const dir = await withDavCredential();
    expect(await fails(dir, ['backup', 'destination', 'add', 'x', '--cloud', 'dav', '--ssh', 'nas', '--path', 'p'], 2)).toMatch(/either --cloud CREDENTIAL or --ssh CONNECTION/);
    expect(await fails(dir, ['backup', 'destination', 'add', 'x', '--cloud', 'dav'], 2)).toMatch(/--path/);
    expect(await fails(dir, ['backup', 'destination', 'add', 'x', '--cloud', 'dav', '--path', 'p', '--keep', 'all'], 2)).toMatch(/whole number from 1 to 3650/);
    expect(await fails(dir, ['backup', 'recipient', 'add', 'age1notarecipient'], 2)).toMatch(/X25519 recipient/);
    expect(await fails(dir, ['config', 'upload', '--from', 'offsite', 'x.tar.age'], 2)).toMatch(/--identity-file, --passphrase-file or --passphrase-env/);
    expect(await fails(dir, ['config', 'upload', '--from', 'offsite', '../../etc/passwd', '--identity-file', '/dev/null'], 1)).toMatch(/not a regular file/);
    await ok(dir, ['backup', 'destination', 'add', 'offsite', '--cloud', 'dav', '--path', 'nas/usage']);
    expect(await fails(dir, ['config', 'upload', '--from', 'offsite', '../../etc/passwd', '--identity-file', strangerIdentityFile()], 2)).toMatch(/is not the name of a nasconsole backup/);
  });
});

describe('a push killed halfway', () => {
  test('leaves nothing under the final name over SFTP; the next push completes and a later one sweeps the leftover', async () => {
    const proxy = await startTcpProxy(sshd.port);
    try {
      const dir = tempDir();
      await ok(dir, ['connection', 'add', 'nas', '--semi-automatic', '--host', sshd.host, '--port', String(proxy.port), '--admin-username', sshd.user, '--password-env', 'P', '--generate-keypair', '--accept-new-host-key'], { P: sshd.password });
      await ok(dir, ['backup', 'keygen']);
      // Today's backup, made before there is a destination: the push below is its first.
      const { created } = await ok(dir, ['backup', 'scheduled']);
      const target = join(sshBase, 'kill');
      await ok(dir, ['backup', 'destination', 'add', 'nas', '--ssh', 'nas', '--path', target]);
      // Let the login through (a few KiB), and about half of the upload.
      proxy.stallUpstreamAfter = 12_000 + Math.floor(readFileSync(created.path).length / 2);

      const child = spawn(process.execPath, [CLI_PATH, '--data-dir', dir, 'backup', 'push', 'nas'], { stdio: 'ignore' });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      await Promise.race([proxy.stalled(), exited.then((code) => Promise.reject(new Error(`the push ended (${code}) before the upload stalled`)))]);
      // The temporary file is there, growing no more; then the push dies, as with kill -9 or a power cut.
      for (let i = 0; i < 100 && !(existsSync(target) && readdirSync(target).length > 0); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      child.kill('SIGKILL');
      await exited;
      const left = readdirSync(target);
      expect(left).toHaveLength(1);
      expect(left[0]).toMatch(/^\..*-nasconsole-\d{8}T\d{6}Z\.tar\.age\.partial-[0-9a-f]{12}$/);

      proxy.stallUpstreamAfter = undefined;
      proxy.dropConnections();
      const retried = await ok(dir, ['backup', 'push', 'nas']);
      const final: string = retried.pushes[0].file;
      expect(readdirSync(target).sort()).toEqual([left[0], final].sort());
      // A later push (another backup) sweeps the leftover of the interrupted one.
      const saved = await ok(dir, ['config', 'save', '--to', tempDir(), '--secret-seed', '--push', 'nas']);
      expect(saved.push.removed).toEqual([left[0]]);
      expect(readdirSync(target).sort()).toEqual([final, saved.push.file].sort());
    } finally {
      await proxy.close();
    }
  });
});
