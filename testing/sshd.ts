/**
 * A real OpenSSH sshd for tests, on 127.0.0.1 and a free port, with its own config and host
 * keys in a temp dir. It runs unprivileged, as the test user it serves: password and
 * keyboard-interactive logins go through PAM (pam_unix checks the password of the user it
 * runs as via unix_chkpwd), key logins read that user's ~/.ssh/authorized_keys with
 * StrictModes on, exactly as on a real server.
 *
 * With `otp`, keyboard-interactive asks for the password and then a one-time code: a PAM stack
 * of its own adds pam_oath (Debian: libpam-oath) with an HOTP secret for the user, and
 * `nextOtpCode()` computes the code it accepts next, as the user's authenticator would.
 *
 * Needs root (to create the test user and set its password) and /usr/sbin/sshd (Debian:
 * openssh-server). Each start sets a fresh random password; the account is locked again
 * when the last sshd of this process for that user stops. Test files that run in parallel
 * and write to the user's home must use different users (`user` option).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hotp } from './hotp.js';

export type HostKeyType = 'ed25519' | 'ecdsa' | 'rsa';

export interface SshdOptions {
  /** Login user, created when missing. Default `nasctest`. */
  user?: string;
  /** `PasswordAuthentication` (default true). */
  passwordAuthentication?: boolean;
  /** `KbdInteractiveAuthentication` through PAM, which asks "Password:" (default true). */
  keyboardInteractive?: boolean;
  /** Host keys to generate (default all three). */
  hostKeyTypes?: HostKeyType[];
  /**
   * Keyboard-interactive asks for the password, then for a one-time code (pam_oath, HOTP).
   * Password authentication defaults to off then, as on such servers: PAM would answer the
   * code prompt with the password there.
   */
  otp?: boolean;
}

export interface RunningSshd {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly homeDir: string;
  /** The temp dir with sshd_config and host keys. */
  readonly dir: string;
  /** `SHA256:...` of each host key, from `ssh-keygen -l`; updated by restartWithNewHostKey. */
  readonly hostKeyFingerprints: string[];
  /** `type base64` of each host key, from the .pub files; updated by restartWithNewHostKey. */
  readonly hostKeyLines: string[];
  /** Removes ~/.ssh of the test user and restores the home directory's owner and mode. */
  resetHome(): void;
  /** Stops sshd, replaces every host key, starts it again on the same port. */
  restartWithNewHostKey(): Promise<void>;
  stop(): Promise<void>;
  /** What sshd wrote to stderr (-e), for a failing test's message. */
  log(): string;
  /** With `otp`: the one-time code pam_oath accepts next (it moves on after each login). */
  nextOtpCode(): string;
  /** With `otp`: a well-formed code that pam_oath does not accept now. */
  wrongOtpCode(): string;
}

const SSHD = process.env.NASCONSOLE_SSHD ?? '/usr/sbin/sshd';
/**
 * sshd names its PAM service after the program name it was started as, so starting it through
 * a symlink of this name gives it this PAM stack instead of /etc/pam.d/sshd. The stock stack's
 * session modules assume a root sshd: pam_loginuid, for one, fails an unprivileged sshd's
 * session (and the login with it) whenever the test runner's audit login uid is already set,
 * as in an SSH session to the CI machine.
 */
const PAM_SERVICE = 'nasconsole-test-sshd';
const PAM_STACK = [
  '# Written by nasconsole testing/sshd.ts for its unprivileged test sshd.',
  '@include common-auth',
  '@include common-account',
  'session required pam_permit.so',
  '',
].join('\n');
/**
 * The `otp` stack: the password (common-auth stops at a wrong one), then pam_oath's prompt
 * "One-time password (OATH) for `user':". The usersfile is in the user's home (pam_oath
 * expands ${HOME}) because the unprivileged sshd must rewrite it: pam_oath stores the HOTP
 * counter there after each accepted code, which also refuses a replayed code.
 */
const OTP_PAM_SERVICE = 'nasconsole-test-sshd-otp';
const OTP_DIR = '.nasconsole-test-otp';
const OTP_WINDOW = 5;
const OTP_PAM_STACK = [
  '# Written by nasconsole testing/sshd.ts for its unprivileged test sshd with one-time codes.',
  '@include common-auth',
  `auth required pam_oath.so usersfile=\${HOME}/${OTP_DIR}/users.oath window=${OTP_WINDOW} digits=6`,
  '@include common-account',
  'session required pam_permit.so',
  '',
].join('\n');
const PAM_OATH = '/lib/x86_64-linux-gnu/security/pam_oath.so';
const START_TIMEOUT_MS = 15_000;
const passwords = new Map<string, string>();
const otpSecrets = new Map<string, Buffer>();
const runningPerUser = new Map<string, number>();
const children = new Set<ChildProcess>();
let exitHookInstalled = false;

export async function startSshd(options: SshdOptions = {}): Promise<RunningSshd> {
  if (process.getuid?.() !== 0) throw new Error('startSshd needs root: it creates the test user and sets its password');
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: install openssh-server`);
  const user = options.user ?? 'nasctest';
  const otp = options.otp === true;
  if (otp && !existsSync(PAM_OATH)) throw new Error(`${PAM_OATH} is missing: install libpam-oath`);
  const pamService = otp ? OTP_PAM_SERVICE : PAM_SERVICE;
  ensurePamService(pamService, otp ? OTP_PAM_STACK : PAM_STACK);
  const account = ensureUser(user);
  const password = ensurePassword(user);
  const otpUsersFile = otp ? ensureOtpUsersFile(account) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'nasconsole-sshd-'));
  chownSync(dir, account.uid, account.gid);
  chmodSync(dir, 0o700);
  const sshdAsPamService = join(dir, pamService);
  symlinkSync(SSHD, sshdAsPamService);
  const hostKeyTypes = options.hostKeyTypes ?? ['ed25519', 'ecdsa', 'rsa'];
  const hostKeyFingerprints: string[] = [];
  const hostKeyLines: string[] = [];
  const makeHostKeys = () => {
    hostKeyFingerprints.length = 0;
    hostKeyLines.length = 0;
    for (const type of hostKeyTypes) {
      const file = join(dir, `ssh_host_${type}_key`);
      rmSync(file, { force: true });
      rmSync(`${file}.pub`, { force: true });
      run('ssh-keygen', ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '3072'] : []), '-N', '', '-C', '', '-f', file]);
      chownSync(file, account.uid, account.gid);
      hostKeyFingerprints.push(run('ssh-keygen', ['-l', '-f', `${file}.pub`]).split(/\s+/)[1]!);
      hostKeyLines.push(readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' '));
    }
  };
  makeHostKeys();

  let port = 0;
  const writeConfig = () => {
    const config = [
      `ListenAddress 127.0.0.1:${port}`,
      ...hostKeyTypes.map((type) => `HostKey ${join(dir, `ssh_host_${type}_key`)}`),
      `PidFile ${join(dir, 'sshd.pid')}`,
      'AuthorizedKeysFile .ssh/authorized_keys',
      'StrictModes yes',
      'UsePAM yes',
      `PasswordAuthentication ${(options.passwordAuthentication ?? !otp) ? 'yes' : 'no'}`,
      `KbdInteractiveAuthentication ${options.keyboardInteractive === false ? 'no' : 'yes'}`,
      'PubkeyAuthentication yes',
      'PermitRootLogin no',
      'UseDNS no',
      'PrintMotd no',
      'LogLevel VERBOSE',
      'MaxStartups 50:30:100',
      'Subsystem sftp internal-sftp',
    ];
    writeFileSync(join(dir, 'sshd_config'), `${config.join('\n')}\n`);
  };

  let child: ChildProcess | undefined;
  let log = '';
  const launch = async () => {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0 || port === 0) port = await freePort();
      writeConfig();
      log = '';
      const started = spawn(sshdAsPamService, ['-D', '-e', '-f', join(dir, 'sshd_config')], {
        uid: account.uid,
        gid: account.gid,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', HOME: account.home },
      });
      child = started;
      children.add(started);
      started.once('exit', () => children.delete(started));
      started.stderr!.on('data', (chunk: Buffer) => {
        if (log.length < 256 * 1024) log += chunk.toString();
      });
      try {
        await waitUntilListening(started, port, () => log);
        return;
      } catch (error) {
        await kill(started);
        if (attempt < 4 && /Bind to port|Address already in use/i.test(log)) continue;
        throw error;
      }
    }
  };
  await launch();
  runningPerUser.set(user, (runningPerUser.get(user) ?? 0) + 1);
  installExitHook();

  let stopped = false;
  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    user,
    password,
    homeDir: account.home,
    dir,
    hostKeyFingerprints,
    hostKeyLines,
    resetHome: () => resetHome(account),
    restartWithNewHostKey: async () => {
      await kill(child!);
      makeHostKeys();
      await launch();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await kill(child!);
      rmSync(dir, { recursive: true, force: true });
      const left = (runningPerUser.get(user) ?? 1) - 1;
      runningPerUser.set(user, left);
      if (left === 0) {
        passwords.delete(user);
        otpSecrets.delete(user);
        rmSync(join(account.home, OTP_DIR), { recursive: true, force: true });
        run('usermod', ['--lock', user]);
      }
    },
    log: () => log,
    nextOtpCode: () => {
      if (!otpUsersFile) throw new Error('nextOtpCode needs startSshd({ otp: true })');
      return hotp(otpSecrets.get(user)!, nextOtpCounter(otpUsersFile));
    },
    wrongOtpCode: () => {
      if (!otpUsersFile) throw new Error('wrongOtpCode needs startSshd({ otp: true })');
      const next = nextOtpCounter(otpUsersFile);
      const accepted = new Set(Array.from({ length: OTP_WINDOW + 1 }, (_, step) => hotp(otpSecrets.get(user)!, next + step)));
      let code = Number(hotp(otpSecrets.get(user)!, next));
      while (accepted.has(String(code).padStart(6, '0'))) code = (code + 1) % 1_000_000;
      return String(code).padStart(6, '0');
    },
  };
}

function ensurePamService(service: string, stack: string): void {
  const file = `/etc/pam.d/${service}`;
  if (!existsSync(file) || readFileSync(file, 'utf8') !== stack) writeFileSync(file, stack, { mode: 0o644 });
}

/**
 * One random HOTP secret per user and process, in pam_oath's usersfile ("-": no static
 * password in front of the code), owned by the user whose sshd rewrites it.
 */
function ensureOtpUsersFile(account: Account): string {
  const dir = join(account.home, OTP_DIR);
  const file = join(dir, 'users.oath');
  let secret = otpSecrets.get(account.name);
  if (!secret || !existsSync(file)) {
    secret ??= randomBytes(20);
    otpSecrets.set(account.name, secret);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(file, `HOTP ${account.name} - ${secret.toString('hex')}\n`, { mode: 0o600 });
    chownSync(dir, account.uid, account.gid);
    chownSync(file, account.uid, account.gid);
  }
  return file;
}

/** The counter of the code pam_oath accepts next: 0 in a fresh file, else one past the stored one. */
function nextOtpCounter(usersFile: string): number {
  const fields = readFileSync(usersFile, 'utf8').trim().split(/\s+/);
  return fields[4] === undefined ? 0 : Number(fields[4]) + 1;
}

interface Account {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

function ensureUser(user: string): Account {
  if (!/^[a-z_][a-z0-9_-]{0,30}$/.test(user)) throw new Error(`bad test user name ${user}`);
  if (spawnSync('getent', ['passwd', user]).status !== 0) {
    const created = spawnSync('useradd', ['--create-home', '--shell', '/bin/sh', user], { encoding: 'utf8' });
    // Another test process may have created it in the meantime (exit 9: user exists).
    if (created.status !== 0 && created.status !== 9) throw new Error(`useradd ${user} failed: ${created.stderr}`);
  }
  const [, , uid, gid, , home] = run('getent', ['passwd', user]).trim().split(':');
  const account = { name: user, uid: Number(uid), gid: Number(gid), home: home! };
  if (!passwords.has(user)) resetHome(account);
  return account;
}

function resetHome(account: Account): void {
  mkdirSync(account.home, { recursive: true });
  chownSync(account.home, account.uid, account.gid);
  chmodSync(account.home, 0o755);
  rmSync(join(account.home, '.ssh'), { recursive: true, force: true });
}

/** One random password per user and process, given to chpasswd on stdin (never argv). */
function ensurePassword(user: string): string {
  let password = passwords.get(user);
  if (!password) {
    password = `T1-${randomBytes(12).toString('base64url')}`;
    const result = spawnSync('chpasswd', { input: `${user}:${password}\n`, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`chpasswd failed: ${result.stderr}`);
    passwords.set(user, password);
  }
  return password;
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.error?.message}`);
  return result.stdout;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilListening(child: ChildProcess, port: number, log: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`sshd exited at start:\n${log()}`);
    if (log().includes('Server listening') && (await accepts(port))) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`sshd did not listen on port ${port} within ${START_TIMEOUT_MS} ms:\n${log()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
}
