import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import {
  addManualConnection,
  addSemiAutomaticConnection,
  discoverTrustedHostKeys,
  type ConnectionAdded,
  type KeypairChoice,
} from '../../engine/keychain/connections.js';
import { addTrueNasConnection, type TrueNasConnectionAdded } from '../../engine/keychain/trueNasConnection.js';
import { formatRemoteHostKey, type HostKeyConfirmer, type HostKeyTrust, type LoginPromptAnswerer } from '../../engine/ssh/index.js';
import type { OtpCodeAsker } from '../../engine/truenas/index.js';
import { formatLimit, INPUT_LIMITS, readBoundedFile } from '../../engine/boundedInput.js';
import { targetLabel } from '../../engine/ssh/sshTarget.js';
import { withStore } from '../context.js';
import { emit } from '../output.js';
import { readSecret } from '../secretInput.js';
import { wholeNumber } from './keypair.js';

/**
 * `connection add` in its three flavours: semi-automatic through a TrueNAS's web API (--url),
 * semi-automatic over SSH with a password login (--host), and manual. The engine does the work;
 * this file turns flags into its input and asks on a terminal what the engine asks for.
 */

interface AddOptions {
  semiAutomatic?: boolean;
  manual?: boolean;
  url?: string;
  host?: string;
  port?: string;
  adminUsername?: string;
  passwordFile?: string;
  passwordEnv?: string;
  otpFile?: string;
  otpEnv?: string;
  username?: string;
  sudo?: boolean;
  keypair?: string;
  generateKeypair?: boolean;
  tlsFingerprint?: string;
  hostKeyFile?: string;
  discoverHostKey?: boolean;
  hostKeyFingerprint?: string[];
  acceptNewHostKey?: boolean;
  connectTimeout?: string;
}

interface Common {
  port: number;
  connectTimeout: number;
  keypair: KeypairChoice;
}

type Added = ConnectionAdded & Partial<Pick<TrueNasConnectionAdded, 'protocol' | 'certificate' | 'userChanges'>>;

export function registerConnectionAdd(connection: Command): void {
  connection
    .command('add')
    .description('add a connection: --semi-automatic --url (a TrueNAS, through its web API), --semi-automatic --host (any SSH server), or --manual')
    .argument('<name>', 'name of the new connection')
    .option('--semi-automatic', 'install the public key with the admin credentials (through the TrueNAS API with --url, an SSH password login with --host)')
    .option('--manual', 'the public key is already installed; give the host key or discover it')
    .option('--url <url>', 'semi-automatic: the remote TrueNAS URL, https://nas.example.com (the TrueNAS flavour)')
    .option('--host <host>', 'host name or address of the remote machine (semi-automatic over SSH, or manual)')
    .option('--port <port>', 'SSH port (not with --url: the TrueNAS tells its SSH port)', '22')
    .option('--admin-username <user>', 'semi-automatic: the admin who logs in with the password')
    .option('--password-file <file>', 'semi-automatic: the admin password, from this file')
    .option('--password-env <var>', 'semi-automatic: the admin password, from this environment variable')
    .option('--otp-file <file>', 'semi-automatic: the one-time code the server asks for at login, from this file')
    .option('--otp-env <var>', 'semi-automatic: the one-time code the server asks for at login, from this environment variable')
    .option('--username <user>', 'login user of the connection (--url and manual: root; --host: the admin)')
    .option('--sudo', 'with --url: enable passwordless sudo for zfs commands for --username (not root)')
    .option('--keypair <keypair>', 'an existing keypair (name or id)')
    .option('--generate-keypair', 'generate a new Ed25519 keypair for the connection (semi-automatic default)')
    .option('--tls-fingerprint <SHA256:...>', 'with --url: trust the TrueNAS certificate with this SHA-256 fingerprint although it does not verify (self-signed)')
    .option('--host-key-file <file>', `manual: the remote host key (ssh-keyscan or known_hosts lines; ${formatLimit(INPUT_LIMITS.hostKeys.maxBytes)} at most)`)
    .option('--discover-host-key', 'manual: ask the server for its host keys (confirmed on a terminal, or with the next two options)')
    .option('--host-key-fingerprint <SHA256:...>', 'with --host: trust the host key with this fingerprint (as ssh-keygen -l prints it; repeatable)', collect, [])
    .option('--accept-new-host-key', 'with --host: trust the host keys the server offers now, unchecked')
    .option('--connect-timeout <seconds>', 'connect timeout in seconds', '10')
    .addHelpText(
      'after',
      `
The TrueNAS flavour (--url) logs in to the remote TrueNAS's web API (JSON-RPC at /api/current,
or the legacy /websocket of releases before 25.04) and has it install the public key
(keychaincredential.ssh_pair); the SSH port and host keys are the ones it answers, and a key
login with them is proven before the connection is saved. A certificate that does not verify
(self-signed) is refused with its fingerprint: compare it with the one the TrueNAS shows, then
give it with --tls-fingerprint. With http:// the password crosses the network in clear.

Over SSH (--host) nothing is trusted unseen: the server's host keys are confirmed before the
admin password is sent to it (semi-automatic) or they are stored (--discover-host-key). On a
terminal their fingerprints are shown and you are asked; a script gives the fingerprint it
checked with --host-key-fingerprint, or --accept-new-host-key to trust what the server offers.
A --host-key-file with known_hosts lines gives the keys of lines for this host and port only.

A password or one-time code never comes from the command line. On a terminal, a missing
password and a one-time code the server asks for are prompted for; without one, give the
code with --otp-file or --otp-env.

Examples:
  NAS_PASS=... nasconsole connection add nas2 --semi-automatic --url https://nas2.lan \\
      --admin-username truenas_admin --password-env NAS_PASS \\
      --tls-fingerprint SHA256:3F:9A:...:C2
  NAS_PASS=... NAS_OTP=123456 nasconsole connection add nas2 --semi-automatic --url https://nas2.lan \\
      --admin-username truenas_admin --password-env NAS_PASS --otp-env NAS_OTP \\
      --username replicator --sudo --keypair backup-key
  NAS_PASS=... nasconsole connection add box --semi-automatic --host box.lan \\
      --admin-username root --password-env NAS_PASS
  nasconsole connection add nas3 --manual --host 10.0.0.3 --keypair backup-key --discover-host-key \\
      --host-key-fingerprint SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s
  ssh-keyscan 10.0.0.3 > nas3.keys
  nasconsole connection add nas3 --manual --host 10.0.0.3 --keypair backup-key --host-key-file nas3.keys`,
    )
    .action(async (name: string, options: AddOptions, command: Command) => {
      const port = wholeNumber(options.port ?? '22', '--port');
      const connectTimeout = wholeNumber(options.connectTimeout ?? '10', '--connect-timeout');
      if (Boolean(options.semiAutomatic) === Boolean(options.manual)) throw new UserError('Choose one setup: --semi-automatic or --manual.', 2);
      if (options.keypair !== undefined && options.generateKeypair) throw new UserError('Give --keypair or --generate-keypair, not both.', 2);
      const keypair: KeypairChoice = options.keypair !== undefined ? { keypair: options.keypair } : { generate: {} };
      const common = { port, connectTimeout, keypair };
      const added = options.url !== undefined
        ? await addThroughTrueNas(command, name, options, common)
        : options.semiAutomatic
          ? await addSemiAutomatic(command, name, options, common)
          : await addManual(command, name, options, common);
      emit(added.json, { ...added.result.connection, keypairCreated: added.result.keypairCreated, keyAdded: added.result.keyAdded ?? null, ...trueNasDetails(added.result) }, () => addedText(added.result));
    });
}

async function addThroughTrueNas(command: Command, name: string, options: AddOptions, common: Common): Promise<{ json: boolean; result: Added }> {
  if (options.manual) throw new UserError('--url is for --semi-automatic (a TrueNAS installs the key through its web API).', 2);
  if (options.host !== undefined) throw new UserError('Give --url (a TrueNAS, through its web API) or --host (any SSH server, with a password login), not both.', 2);
  if (command.getOptionValueSource('port') === 'cli') throw new UserError('--port is not for --url: the TrueNAS answers its SSH port (give the web port in the URL).', 2);
  if (options.hostKeyFile || options.discoverHostKey || hostKeyFlagsGiven(options)) {
    throw new UserError('--host-key-file, --discover-host-key, --host-key-fingerprint and --accept-new-host-key are not for --url: the TrueNAS answers its host keys.', 2);
  }
  if (!options.adminUsername) throw new UserError('--admin-username is required for --semi-automatic.', 2);
  const password = await readSecret({ file: options.passwordFile, env: options.passwordEnv }, `Password of ${printable(options.adminUsername)} at ${printable(options.url!)}`);
  const otp = await oneTimeCode(options);
  return withStore(command, async ({ store }, { json }) => ({
    json: json ?? false,
    result: await addTrueNasConnection(
      store,
      {
        name,
        url: options.url!,
        adminUsername: options.adminUsername!,
        password: password ?? '',
        otpCode: otp,
        username: options.username,
        sudo: Boolean(options.sudo),
        keypair: common.keypair,
        connectTimeout: common.connectTimeout,
        tlsFingerprint: options.tlsFingerprint,
      },
      {
        askOtpCode: otp === undefined ? terminalOtpAsker() : undefined,
        onWarning: (message) => process.stderr.write(`nasconsole: warning: ${message}\n`),
      },
    ),
  }));
}

async function addSemiAutomatic(command: Command, name: string, options: AddOptions, common: Common): Promise<{ json: boolean; result: Added }> {
  if (options.sudo || options.tlsFingerprint !== undefined) throw new UserError('--sudo and --tls-fingerprint are for --url (a TrueNAS).', 2);
  if (options.hostKeyFile || options.discoverHostKey) throw new UserError('--host-key-file and --discover-host-key are for --manual: a semi-automatic setup records the host key itself.', 2);
  if (!options.host) throw new UserError('--semi-automatic needs --url (a TrueNAS, through its web API) or --host (any SSH server).', 2);
  if (!options.adminUsername) throw new UserError('--admin-username is required for --semi-automatic.', 2);
  const password = await readSecret({ file: options.passwordFile, env: options.passwordEnv }, `Password of ${printable(`${options.adminUsername}@${options.host}`)}`);
  const otp = await oneTimeCode(options);
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
      hostKeyTrust: hostKeyTrust(options),
    }),
  }));
}

async function addManual(command: Command, name: string, options: AddOptions, common: Common): Promise<{ json: boolean; result: Added }> {
  if (options.adminUsername || options.passwordFile || options.passwordEnv || options.otpFile || options.otpEnv) {
    throw new UserError('--admin-username, --password-* and --otp-* are for --semi-automatic.', 2);
  }
  if (options.sudo || options.tlsFingerprint !== undefined) throw new UserError('--sudo and --tls-fingerprint are for --semi-automatic --url (a TrueNAS).', 2);
  if (!options.host) throw new UserError('--host is required.', 2);
  if (options.keypair === undefined && !options.generateKeypair) throw new UserError('--manual needs --keypair (the key whose public key is installed there) or --generate-keypair.', 2);
  if (Boolean(options.hostKeyFile) === Boolean(options.discoverHostKey)) throw new UserError('Give the remote host key with --host-key-file or --discover-host-key (one of them).', 2);
  let remoteHostKey: string;
  if (options.hostKeyFile) {
    if (hostKeyFlagsGiven(options)) throw new UserError('--host-key-fingerprint and --accept-new-host-key are for keys the server shows (--discover-host-key), not for --host-key-file.', 2);
    remoteHostKey = readBoundedFile(options.hostKeyFile, INPUT_LIMITS.hostKeys).toString('utf8');
  } else {
    const target = { host: options.host, port: common.port, connectTimeout: common.connectTimeout };
    remoteHostKey = formatRemoteHostKey(await discoverTrustedHostKeys(target, hostKeyTrust(options)));
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

/** The one-time code of --otp-file/--otp-env, if given. */
async function oneTimeCode(options: AddOptions): Promise<string | undefined> {
  const otp = await readSecret({ file: options.otpFile, env: options.otpEnv });
  if (otp !== undefined && !otp.trim()) throw new UserError('The one-time code from --otp-file or --otp-env is empty.', 2);
  return otp?.trim();
}

/** On a terminal, the TrueNAS's request for a code is prompted for; without one the engine says a code is needed. */
function terminalOtpAsker(): OtpCodeAsker | undefined {
  if (!process.stdin.isTTY) return undefined;
  return async ({ username, retry }) => (await readSecret({}, `${retry ? 'Code refused. ' : ''}One-time code of ${printable(username)} (two-factor authentication)`)) ?? '';
}

/**
 * Answers the server's login prompts other than the password (a one-time code): with the code
 * of --otp-file/--otp-env, else from the terminal; a script without either learns which option.
 */
function codePromptAnswerer(otp: string | undefined): LoginPromptAnswerer {
  if (otp !== undefined) return async () => otp;
  return async (prompt) => {
    const label = printable(prompt).replace(/:\s*$/, '');
    if (!process.stdin.isTTY) throw new UserError(`The server asks "${label}" at login: give it with --otp-file or --otp-env (no terminal to prompt on).`, 2);
    return (await readSecret({}, label)) ?? '';
  };
}

function hostKeyFlagsGiven(options: AddOptions): boolean {
  return (options.hostKeyFingerprint ?? []).length > 0 || Boolean(options.acceptNewHostKey);
}

/** What the user trusts of the host keys the server shows: the flags, else a question on a terminal. */
function hostKeyTrust(options: AddOptions): HostKeyTrust {
  return { fingerprints: options.hostKeyFingerprint, acceptNew: options.acceptNewHostKey, confirm: process.stdin.isTTY ? confirmOnTerminal : undefined };
}

/** Shows the fingerprints on the terminal and asks; anything but yes is no. */
const confirmOnTerminal: HostKeyConfirmer = async ({ host, port, hostKeys }) => {
  const lines = hostKeys.map((key) => `  ${key.type.padEnd(20)} ${key.fingerprint}`).join('\n');
  process.stderr.write(`Host keys of ${printable(targetLabel({ host, port }))}:\n${lines}\n`);
  const readline = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await readline.question("Trust these host keys? Compare them with the server's own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) [y/N] ");
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    readline.close();
  }
};

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function trueNasDetails(added: Added) {
  if (added.protocol === undefined) return {};
  return { protocol: added.protocol, tlsFingerprint: added.certificate?.fingerprint ?? null, remoteUserChanges: added.userChanges ?? {} };
}

function addedText(added: Added): string {
  const c = added.connection;
  const changes = added.userChanges ?? {};
  return [
    added.keypairCreated ? `Generated keypair ${printable(added.keypairCreated.name)} (${added.keypairCreated.fingerprint ?? ''}).` : '',
    added.keyAdded === false ? 'The public key was already in authorized_keys.' : '',
    added.protocol ? `The TrueNAS installed the public key (${added.protocol === 'legacy' ? 'legacy API' : 'JSON-RPC API'}${added.certificate ? `, certificate ${added.certificate.fingerprint}` : ', plain http'}).` : '',
    changes.shell ? `Set the login shell of ${printable(c.username)} to ${changes.shell}.` : '',
    changes.sudo_commands_nopasswd ? `Passwordless sudo for ${printable(c.username)}: ${printable(changes.sudo_commands_nopasswd.join(', '))}.` : '',
    `Added SSH connection ${printable(c.name)}: ${printable(`${c.username}@${c.host}:${c.port}`)} with keypair ${printable(c.keypairName ?? '?')}.`,
    ...c.hostKeys.map((key) => `  host key ${key.type} ${key.fingerprint}`),
  ]
    .filter(Boolean)
    .join('\n');
}
