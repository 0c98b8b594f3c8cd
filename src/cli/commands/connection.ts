import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { UserError } from '../../common/errors.js';
import {
  addManualConnection,
  addSemiAutomaticConnection,
  connectionDetails,
  deleteConnection,
  discoverConnectionHostKeys,
  listConnections,
  testConnectionRecord,
  type ConnectionAdded,
  type ConnectionDetails,
  type KeypairChoice,
} from '../../engine/keychain/connections.js';
import { checkLine, TEST_WORDING } from '../../engine/formatting.js';
import { formatRemoteHostKey, type HostKey, type LoginPromptAnswerer } from '../../engine/ssh/index.js';
import { printable } from '../../engine/ssh/sshSession.js';
import { withStore } from '../context.js';
import { emit, table } from '../output.js';
import { readSecret } from '../secretInput.js';
import { wholeNumber } from './keypair.js';

interface AddOptions {
  semiAutomatic?: boolean;
  manual?: boolean;
  host?: string;
  port?: string;
  adminUsername?: string;
  passwordFile?: string;
  passwordEnv?: string;
  otpFile?: string;
  otpEnv?: string;
  username?: string;
  keypair?: string;
  generateKeypair?: boolean;
  hostKeyFile?: string;
  discoverHostKey?: boolean;
  connectTimeout?: string;
}

export function registerConnectionCommands(program: Command): void {
  const connection = program
    .command('connection')
    .description('SSH connections to other machines: add (semi-automatic or manual), test, show, delete')
    .addHelpText('after', '\nExamples:\n  nasconsole connection list\n  nasconsole connection test nas2 --json');

  connection
    .command('list')
    .description('list connections: name, host, user, last test result')
    .addHelpText('after', '\nExample:\n  nasconsole connection list --json')
    .action(async (_options: unknown, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const connections = listConnections(store);
        emit(json ?? false, connections, () =>
          connections.length
            ? table([
                ['NAME', 'HOST', 'USER', 'KEYPAIR', 'LAST TEST'],
                ...connections.map((c) => [c.name, `${c.host}:${c.port}`, c.username, c.keypairName ?? '(missing)', checkLine(c.lastCheck, TEST_WORDING)]),
              ])
            : 'No SSH connections.',
        );
      });
    });

  connection
    .command('add')
    .description('add a connection: --semi-automatic (installs our key with a one-time password login) or --manual')
    .argument('<name>', 'name of the new connection')
    .option('--semi-automatic', 'log in once with the admin password and install the public key')
    .option('--manual', 'the public key is already installed; give the host key or discover it')
    .option('--host <host>', 'host name or address of the remote machine')
    .option('--port <port>', 'SSH port', '22')
    .option('--admin-username <user>', 'semi-automatic: who logs in with the password')
    .option('--password-file <file>', 'semi-automatic: the admin password, from this file')
    .option('--password-env <var>', 'semi-automatic: the admin password, from this environment variable')
    .option('--otp-file <file>', 'semi-automatic: the one-time code the server asks for at login, from this file')
    .option('--otp-env <var>', 'semi-automatic: the one-time code the server asks for at login, from this environment variable')
    .option('--username <user>', 'login user of the connection (semi-automatic: the admin; manual: root)')
    .option('--keypair <keypair>', 'an existing keypair (name or id)')
    .option('--generate-keypair', 'generate a new Ed25519 keypair for the connection (semi-automatic default)')
    .option('--host-key-file <file>', 'manual: the remote host key (ssh-keyscan or known_hosts lines)')
    .option('--discover-host-key', 'manual: ask the server for its host keys (confirmed on a terminal)')
    .option('--connect-timeout <seconds>', 'connect timeout in seconds', '10')
    .addHelpText(
      'after',
      `
A password or one-time code never comes from the command line. On a terminal, a missing
password and any one-time code the server asks for are prompted for; without one, give the
code with --otp-file or --otp-env.

Examples:
  NAS_PASS=... nasconsole connection add nas2 --semi-automatic --host nas2.lan \\
      --admin-username root --password-env NAS_PASS
  NAS_PASS=... NAS_OTP=123456 nasconsole connection add nas2 --semi-automatic --host nas2.lan \\
      --admin-username root --password-env NAS_PASS --otp-env NAS_OTP
  nasconsole connection add nas2 --semi-automatic --host nas2.lan --admin-username admin \\
      --password-file /root/nas2.pass --username replicator --keypair backup-key
  nasconsole connection add nas3 --manual --host 10.0.0.3 --keypair backup-key --discover-host-key
  ssh-keyscan 10.0.0.3 > nas3.keys
  nasconsole connection add nas3 --manual --host 10.0.0.3 --keypair backup-key --host-key-file nas3.keys`,
    )
    .action(async (name: string, options: AddOptions, command: Command) => {
      const port = wholeNumber(options.port ?? '22', '--port');
      const connectTimeout = wholeNumber(options.connectTimeout ?? '10', '--connect-timeout');
      if (Boolean(options.semiAutomatic) === Boolean(options.manual)) throw new UserError('Choose one setup: --semi-automatic or --manual.', 2);
      if (!options.host) throw new UserError('--host is required.', 2);
      if (options.keypair !== undefined && options.generateKeypair) throw new UserError('Give --keypair or --generate-keypair, not both.', 2);
      const keypair: KeypairChoice = options.keypair !== undefined ? { keypair: options.keypair } : { generate: {} };
      const added = options.semiAutomatic
        ? await addSemiAutomatic(command, name, options, { port, connectTimeout, keypair })
        : await addManual(command, name, options, { port, connectTimeout, keypair });
      emit(added.json, { ...added.result.connection, keypairCreated: added.result.keypairCreated, keyAdded: added.result.keyAdded ?? null }, () => addedText(added.result));
    });

  connection
    .command('test')
    .description('log in with the stored key and check the host key against the stored one')
    .argument('<name>', 'the connection')
    .option('--accept-new-host-key', 'if the host key changed, store the new one (only if you know why it changed)')
    .addHelpText(
      'after',
      `
Exit code 1 when the test fails; a changed host key fails loudly with the old and new
fingerprints (possibly a man-in-the-middle attack).

Examples:
  nasconsole connection test nas2
  nasconsole connection test nas2 --accept-new-host-key --json`,
    )
    .action(async (name: string, options: { acceptNewHostKey?: boolean }, command: Command) => {
      await withStore(command, async ({ store }, { json }) => {
        const outcome = await testConnectionRecord(store, name, { acceptNewHostKey: Boolean(options.acceptNewHostKey) });
        emit(json ?? false, { ok: true, ...outcome }, () =>
          [
            outcome.acceptedHostKey ? `Accepted the new host key ${outcome.acceptedHostKey.type} ${outcome.acceptedHostKey.fingerprint}.` : '',
            `${outcome.name}: OK (${outcome.serverSoftware}, host key ${outcome.hostKeyType} ${outcome.fingerprint}, ${outcome.elapsedMs} ms)`,
          ]
            .filter(Boolean)
            .join('\n'),
        );
      });
    });

  connection
    .command('show')
    .description('host, port, user, keypair, host key fingerprints and last test of a connection')
    .argument('<name>', 'the connection')
    .addHelpText('after', '\nExample:\n  nasconsole connection show nas2 --json')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const details = connectionDetails(store, name);
        emit(json ?? false, details, () => showText(details));
      });
    });

  connection
    .command('delete')
    .description('delete a connection (its keypair stays)')
    .argument('<name>', 'the connection')
    .addHelpText('after', '\nExample:\n  nasconsole connection delete nas2')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const deleted = deleteConnection(store, name);
        emit(json ?? false, { deleted: deleted.name }, () => `Deleted SSH connection ${deleted.name}.`);
      });
    });
}

interface Common {
  port: number;
  connectTimeout: number;
  keypair: KeypairChoice;
}

async function addSemiAutomatic(command: Command, name: string, options: AddOptions, common: Common): Promise<{ json: boolean; result: ConnectionAdded }> {
  if (options.hostKeyFile || options.discoverHostKey) throw new UserError('--host-key-file and --discover-host-key are for --manual: a semi-automatic setup records the host key itself.', 2);
  if (!options.adminUsername) throw new UserError('--admin-username is required for --semi-automatic.', 2);
  const password = await readSecret({ file: options.passwordFile, env: options.passwordEnv }, `Password of ${options.adminUsername}@${options.host}`);
  const otp = await readSecret({ file: options.otpFile, env: options.otpEnv });
  if (otp !== undefined && !otp.trim()) throw new UserError('The one-time code from --otp-file or --otp-env is empty.', 2);
  return withStore(command, async ({ store }, { json }) => ({
    json: json ?? false,
    result: await addSemiAutomaticConnection(store, {
      name,
      host: options.host!,
      port: common.port,
      adminUsername: options.adminUsername!,
      password: password ?? '',
      ...(options.username ? { username: options.username } : {}),
      keypair: common.keypair,
      connectTimeout: common.connectTimeout,
      onPrompt: codePromptAnswerer(otp),
    }),
  }));
}

async function addManual(command: Command, name: string, options: AddOptions, common: Common): Promise<{ json: boolean; result: ConnectionAdded }> {
  if (options.adminUsername || options.passwordFile || options.passwordEnv || options.otpFile || options.otpEnv) {
    throw new UserError('--admin-username, --password-* and --otp-* are for --semi-automatic.', 2);
  }
  if (options.keypair === undefined && !options.generateKeypair) throw new UserError('--manual needs --keypair (the key whose public key is installed there) or --generate-keypair.', 2);
  if (Boolean(options.hostKeyFile) === Boolean(options.discoverHostKey)) throw new UserError('Give the remote host key with --host-key-file or --discover-host-key (one of them).', 2);
  let remoteHostKey: string;
  if (options.hostKeyFile) {
    try {
      remoteHostKey = readFileSync(options.hostKeyFile, 'utf8');
    } catch (error) {
      throw new UserError(`Cannot read ${options.hostKeyFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
    }
  } else {
    const hostKeys = await discoverConnectionHostKeys({ host: options.host!, port: common.port, connectTimeout: common.connectTimeout });
    await confirmHostKeys(options.host!, common.port, hostKeys);
    remoteHostKey = formatRemoteHostKey(hostKeys);
  }
  return withStore(command, async ({ store }, { json }) => ({
    json: json ?? false,
    result: await addManualConnection(store, {
      name,
      host: options.host!,
      port: common.port,
      ...(options.username ? { username: options.username } : {}),
      keypair: common.keypair,
      remoteHostKey,
      connectTimeout: common.connectTimeout,
    }),
  }));
}

/**
 * Answers the server's login prompts other than the password (a one-time code): with the code
 * of --otp-file/--otp-env, else from the terminal; a script without either learns which option.
 */
function codePromptAnswerer(otp: string | undefined): LoginPromptAnswerer {
  if (otp !== undefined) return async () => otp.trim();
  return async (prompt) => {
    const label = printable(prompt).replace(/:\s*$/, '');
    if (!process.stdin.isTTY) throw new UserError(`The server asks "${label}" at login: give it with --otp-file or --otp-env (no terminal to prompt on).`, 2);
    return (await readSecret({}, label)) ?? '';
  };
}

/** On a terminal the user confirms the discovered fingerprints; a script asked for them with --discover-host-key. */
async function confirmHostKeys(host: string, port: number, hostKeys: readonly HostKey[]): Promise<void> {
  // A script reads the fingerprints from the result (--json or text) instead.
  if (!process.stdin.isTTY) return;
  const lines = hostKeys.map((key) => `  ${key.type.padEnd(20)} ${key.fingerprint}`).join('\n');
  process.stderr.write(`Host keys of ${host}:${port}:\n${lines}\n`);
  const readline = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await readline.question('Store these host keys for the connection? Compare them with the server\'s (ssh-keygen -l -f /etc/ssh/ssh_host_*.pub) [y/N] ');
    if (!/^y(es)?$/i.test(answer.trim())) throw new UserError('Host keys not confirmed: nothing stored.');
  } finally {
    readline.close();
  }
}

function addedText(added: ConnectionAdded): string {
  const c = added.connection;
  return [
    added.keypairCreated ? `Generated keypair ${added.keypairCreated.name} (${added.keypairCreated.fingerprint ?? ''}).` : '',
    added.keyAdded === false ? 'The public key was already in authorized_keys.' : '',
    `Added SSH connection ${c.name}: ${c.username}@${c.host}:${c.port} with keypair ${c.keypairName ?? '?'}.`,
    ...c.hostKeys.map((key) => `  host key ${key.type} ${key.fingerprint}`),
  ]
    .filter(Boolean)
    .join('\n');
}

function showText(details: ConnectionDetails): string {
  return table([
    ['Name:', details.name],
    ['Host:', `${details.host}:${details.port}`],
    ['Username:', details.username],
    ['Keypair:', details.keypairName ?? `(missing: id ${details.keypairId ?? '?'})`],
    ['Connect timeout:', `${details.connectTimeout} s`],
    ...details.hostKeys.map((key, index) => [index === 0 ? 'Host keys:' : '', `${key.type} ${key.fingerprint}`]),
    ['Last test:', checkLine(details.lastCheck, TEST_WORDING)],
  ]);
}
