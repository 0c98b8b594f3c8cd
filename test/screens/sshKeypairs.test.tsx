import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { addManualConnection } from '../../src/engine/keychain/connections.js';
import { generateKeypairRecord, keypairDetails } from '../../src/engine/keychain/keypairs.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { keys, press, type, waitForFrame, type Ui } from '../widgets/ui.js';
import { nonAscii } from '../../testing/text.js';
import { burst, escape, everything, mountScreens, paste, screenText, useScreenServices, type TestAppServices } from './mount.js';

// The SSH Keypairs screen in the console shell, driven by keys; assertions on the store.

const tempDir = useTempDirs();

const services = useScreenServices();
/** Both SSH screens (1 Connections, 2 Keypairs), this one open. */
const mountSsh = (app: TestAppServices) => mountScreens(app, { screens: ['ssh-connections', 'ssh-keypairs'], open: 'ssh-keypairs' });

function sshKeygen(...args: string[]): string {
  const result = spawnSync('ssh-keygen', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

/**
 * Runs of base64 from each line of a private key file: none may reach the screen. (An OpenSSH
 * private key embeds its public key, so a run that also occurs in the public key line is public.)
 */
function privateKeyMaterial(text: string, publicKey = ''): string[] {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('-----') && line.length >= 16)
    .flatMap((line) => [line.slice(0, 16), line.slice(-16)])
    .filter((run) => !publicKey.includes(run));
}

const HOST_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

/** Submits the Add form for an RSA-4096 keypair named `name`: long enough work to watch or cancel. */
async function generateRsa4096(ui: Ui, name: string): Promise<void> {
  await press(ui, 'a');
  await type(ui, name);
  await press(ui, keys.enter, keys.enter, keys.right, keys.right, keys.enter); // key type: RSA 4096
  await press(ui, keys.enter);
}

describe('SSH Keypairs screen', () => {
  test('generates an Ed25519 keypair by keys, shows its fingerprint and the whole public key line', async () => {
    const app = services();
    const { data } = app;
    const ui = await mountSsh(app);
    await press(ui, 'a');
    await type(ui, 'nas-key');
    await press(ui, keys.enter, keys.enter, keys.enter); // name, method (Generate), key type (Ed25519)
    await type(ui, 'nas1');
    await press(ui, keys.enter); // the last field submits
    await waitForFrame(ui, (frame) => frame.includes('Generated keypair nas-key'));

    const [record] = data.store.keychain.list('SSH_KEY_PAIR');
    expect(record).toMatchObject({ name: 'nas-key' });
    const stored = data.store.keychain.get(record!.id).attributes;
    const pub = join(tempDir(), 'k.pub');
    spawnSync('sh', ['-c', `cat > ${pub}`], { input: `${String(stored.public_key)}\n` });
    const fingerprint = sshKeygen('-l', '-f', pub).split(/\s+/)[1]!;
    expect(screenText(ui)).toContain(`Fingerprint  ${fingerprint}`);
    expect(screenText(ui)).toContain('ED25519 (256 bits)');
    expect(String(stored.public_key)).toMatch(/^ssh-ed25519 \S+ nas1$/);

    await press(ui, 'c');
    const rows = screenText(ui).split('\n');
    const start = rows.findIndex((row) => row.startsWith('ssh-ed25519 '));
    expect(rows.slice(start, start + 2).join('').trim()).toBe(stored.public_key);

    await escape(ui);
    await escape(ui);
    await waitForFrame(ui, (frame) => frame.includes('Name') && frame.includes('Type'));
    expect(screenText(ui)).toMatch(new RegExp(`nas-key\\s+ED25519-256\\s+${fingerprint.replace(/[+/]/g, '\\$&')}`));
    expect(everything(ui)).not.toContain('PRIVATE KEY');
    for (const run of privateKeyMaterial(String(stored.private_key), String(stored.public_key))) expect(everything(ui)).not.toContain(run);
  });

  test('imports a pasted passphrase-protected key: the passphrase field appears, and no secret is ever on screen', async () => {
    const app = services();
    const { data } = app;
    const dir = tempDir();
    const file = join(dir, 'id_rsa');
    const passphrase = 'correct horse 42';
    sshKeygen('-q', '-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', passphrase, '-C', '', '-f', file);
    const privateKey = readFileSync(file, 'utf8');
    const ui = await mountSsh(app);
    await press(ui, 'a');
    await type(ui, 'imported');
    await press(ui, keys.tab, keys.right, keys.tab); // method: Import; on to the private key
    expect(screenText(ui)).not.toContain('Passphrase');
    await press(ui, paste(privateKey));
    await waitForFrame(ui, (frame) => frame.includes('Passphrase'));
    expect(screenText(ui)).toMatch(/\[hidden: \d+ lines\]/);
    await press(ui, keys.tab, paste(readFileSync(`${file}.pub`, 'utf8')), keys.tab);
    await type(ui, passphrase);
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Imported keypair imported'));

    const record = data.store.keychain.get('imported');
    expect(record.type).toBe('SSH_KEY_PAIR');
    expect(String(record.attributes.private_key)).toMatch(/^-{5}BEGIN OPENSSH PRIVATE KEY-{5}/);
    expect(screenText(ui)).toContain(sshKeygen('-l', '-f', `${file}.pub`).split(/\s+/)[1]);
    const frames = everything(ui);
    expect(frames).not.toContain(passphrase);
    expect(frames).not.toContain('PRIVATE KEY');
    for (const run of [...privateKeyMaterial(privateKey), ...privateKeyMaterial(String(record.attributes.private_key), String(record.attributes.public_key))]) expect(frames).not.toContain(run);
  });

  test('a wrong passphrase is one error line and stores nothing; the form keeps what was typed', async () => {
    const app = services();
    const { data } = app;
    const file = join(tempDir(), 'id');
    sshKeygen('-q', '-t', 'ed25519', '-N', 'right one', '-C', '', '-f', file);
    const ui = await mountSsh(app);
    await press(ui, 'a');
    await type(ui, 'k');
    await press(ui, keys.tab, keys.right, keys.tab, paste(readFileSync(file, 'utf8')), keys.tab, keys.tab);
    await type(ui, 'wrong one');
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Error: Wrong passphrase'));
    expect(data.store.keychain.count()).toBe(0);
    expect(screenText(ui)).toContain('Add SSH keypair');
    expect(everything(ui)).not.toContain('wrong one');
  });

  test('the spinner keeps turning while an RSA-4096 key is generated', async () => {
    const app = services();
    const { data } = app;
    const ui = await mountSsh(app);
    await generateRsa4096(ui, 'big');
    await waitForFrame(ui, (frame) => frame.includes('Generating RSA-4096 keypair big'));
    const spinnerFrames = new Set<string>();
    const started = ui.frames.length;
    await waitForFrame(ui, (frame) => {
      const line = frame.split('\n').find((row) => row.includes('Generating RSA-4096'));
      if (line) spinnerFrames.add(line.trim()[0]!);
      return frame.includes('Generated keypair big');
    }, 60_000);
    expect(ui.frames.length - started).toBeGreaterThan(1);
    expect(spinnerFrames.size).toBeGreaterThan(1);
    expect(data.store.keychain.get('big').publicAttributes.public_key).toMatch(/^ssh-rsa /);
    expect(screenText(ui)).toContain('RSA (4096 bits)');
  });

  test('Esc while an RSA-4096 key is generated cancels it, says so on one line, and stores nothing', async () => {
    const app = services();
    const ui = await mountSsh(app);
    await generateRsa4096(ui, 'big');
    await waitForFrame(ui, (frame) => frame.includes('Generating RSA-4096 keypair big... (Esc cancels)'));
    expect(screenText(ui)).toMatch(/^Esc cancel\b/m); // the footer says what Esc does now
    await escape(ui);
    await waitForFrame(ui, (frame) => frame.includes('Cancelled: nothing was stored.'));
    expect(app.data.store.keychain.list('SSH_KEY_PAIR')).toEqual([]);
    expect(screenText(ui)).toContain('Add SSH keypair'); // the form, as it was left
  });

  test('delete asks first and lists the connections that go with the keypair; an SFTP credential blocks it', async () => {
    const app = services();
    const { data } = app;
    const { store } = data;
    const keypair = await generateKeypairRecord(store, 'k');
    await addManualConnection(store, { name: 'nas2', host: 'nas2.lan', keypair: { keypair: 'k' }, remoteHostKey: HOST_KEY });
    const sftp = store.cloudCredentials.create('offsite', 'SFTP', { host: 'h', port: 22, user: 'u', private_key: keypair.id });
    const ui = await mountSsh(app);

    await press(ui, 'd');
    await waitForFrame(ui, (frame) => frame.includes('Error: Keypair "k" is used by SFTP cloud credential(s) "offsite"'));
    expect(store.keychain.count()).toBe(2);

    store.cloudCredentials.remove(sftp.id);
    await press(ui, 'd');
    expect(screenText(ui)).toContain('These SSH connections use it and are deleted with it:');
    expect(screenText(ui)).toContain('nas2');
    await press(ui, 'n');
    expect(store.keychain.count()).toBe(2);
    await press(ui, 'd', 'y');
    await waitForFrame(ui, (frame) => frame.includes('Deleted keypair k and SSH connection(s) nas2'));
    expect(store.keychain.count()).toBe(0);
    expect(store.audit.list().slice(0, 2).map((entry) => `${entry.action} ${entry.record}`)).toEqual(['delete k', 'delete nas2']);
  });

  test('writes the private key to a new 0600 file that ssh-keygen reads', async () => {
    const app = services();
    const { data } = app;
    const keypair = await generateKeypairRecord(data.store, 'k');
    const target = join(tempDir(), 'exported_key');
    const ui = await mountSsh(app);
    await press(ui, 'x', keys.right, keys.tab); // Private key, OpenSSH format
    await type(ui, target);
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes(`Wrote ${target}`));
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(sshKeygen('-y', '-f', target).trim().split(' ').slice(0, 2).join(' ')).toBe(keypair.publicKey.split(' ').slice(0, 2).join(' '));
    expect(everything(ui)).not.toContain('PRIVATE KEY');
  });

  test('Esc on a changed form asks before discarding; the answer "keep editing" keeps what was typed', async () => {
    const app = services();
    const { data } = app;
    const ui = await mountSsh(app);
    await press(ui, 'a');
    await type(ui, 'half-typed');
    await escape(ui);
    await waitForFrame(ui, (frame) => frame.includes('Discard the changes'));
    await press(ui, 'n');
    expect(screenText(ui)).toContain('half-typed');
    await escape(ui);
    await press(ui, 'y');
    await waitForFrame(ui, (frame) => frame.includes('No SSH keypairs yet'));
    expect(data.store.keychain.count()).toBe(0);
  });

  test('renames by keys; the connection using the keypair follows', async () => {
    const app = services();
    const { data } = app;
    await generateKeypairRecord(data.store, 'old');
    await addManualConnection(data.store, { name: 'nas2', host: 'nas2.lan', keypair: { keypair: 'old' }, remoteHostKey: HOST_KEY });
    const ui = await mountSsh(app);
    await press(ui, 'e', keys.ctrlU);
    await type(ui, 'new');
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Renamed to new'));
    expect(data.store.keychain.list('SSH_KEY_PAIR').map((record) => record.name)).toEqual(['new']);
    // Back where the rename started (the list), which shows the new name; its view, the users.
    expect(screenText(ui)).toMatch(/> *new\s+ED25519/);
    await press(ui, keys.enter);
    expect(screenText(ui)).toContain('SSH connection(s) nas2');
  });

  test('the list at 80x24 in ASCII (snapshot), and nothing above 0x7E on screen', async () => {
    const app = services();
    const { data } = app;
    data.store.keychain.create('backup-key', 'SSH_KEY_PAIR', { private_key: 'x', public_key: `${HOST_KEY} backup` });
    data.store.keychain.create('a-keypair-with-a-rather-long-name', 'SSH_KEY_PAIR', { private_key: 'x', public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIP4kpxWbGfd7sAIfJ2e4u/4NRp/7fyvNXYsK6yHjx9Nx' });
    const ui = await mountSsh(app);
    const frame = screenText(ui);
    expect(frame.split('\n')).toHaveLength(23);
    expect(frame.split('\n').every((line) => line.length <= 80)).toBe(true);
    expect(nonAscii(everything(ui))).toEqual([]);
    expect(frame).toMatchSnapshot();
  });
});

describe('SSH Keypairs: keys typed ahead of the form', () => {
  test('Tab Right Tab in one read moves to the pasted private key: it stays hidden and is stored as the key', async () => {
    const app = services();
    const { data } = app;
    const file = join(tempDir(), 'id');
    sshKeygen('-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', file);
    const privateKey = readFileSync(file, 'utf8');
    const ui = await mountSsh(app);
    await press(ui, 'a');
    await type(ui, 'typed-ahead');
    await burst(ui, keys.tab, keys.right, keys.tab);
    await press(ui, paste(privateKey));
    await waitForFrame(ui, (frame) => frame.includes('[hidden:'));
    await press(ui, keys.tab, keys.tab, keys.enter); // past the public key line, to Import
    await waitForFrame(ui, (frame) => frame.includes('Imported keypair typed-ahead'));
    const record = data.store.keychain.get('typed-ahead');
    expect(sshKeygen('-l', '-f', `${file}.pub`).split(/\s+/)[1]).toBe(keypairDetails(data.store, record.id).fingerprint);
    for (const run of privateKeyMaterial(privateKey, readFileSync(`${file}.pub`, 'utf8'))) expect(everything(ui)).not.toContain(run);
  });
});
