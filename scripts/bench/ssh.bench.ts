// SSH: semi-automatic setup and connection test against a local sshd, each beside a plain
// `ssh -o BatchMode=yes` login to the same server; and the console's spinner while an RSA-4096
// key is generated. Needs root (the sshd harness creates a test user). Prints figures only.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDataStore } from '../../src/engine/dataStore.js';
import { addSemiAutomaticConnection, testConnectionRecord } from '../../src/engine/keychain/connections.js';
import { exportKeypairToFile, generateKeypairRecord } from '../../src/engine/keychain/keypairs.js';
import { startSshd, type RunningSshd } from '../../testing/sshd.js';
import { ms, percentile, report, timeRuns } from './figures.js';
import { reportSpinner, spinnerDuring } from './spinnerGaps.js';

const RUNS = 7;

/** A key-only login by the OpenSSH client, as a script would do it. */
function opensshLogin(sshd: RunningSshd, keyFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', [
      '-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
      '-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none', '-i', keyFile, '-p', String(sshd.port), `${sshd.user}@${sshd.host}`, 'true',
    ], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ssh exited ${code}`))));
  });
}

async function sshFigures(root: string): Promise<void> {
  const sshd = await startSshd({ user: 'nasctest-bench' });
  const { store } = openDataStore(join(root, 'data'));
  try {
    await generateKeypairRecord(store, 'bench-key');
    const keyFile = join(root, 'bench-key');
    exportKeypairToFile(store, 'bench-key', keyFile, 'openssh');

    let run = 0;
    const setups = await timeRuns(RUNS, () =>
      addSemiAutomaticConnection(store, {
        name: `bench-${run++}`, host: sshd.host, port: sshd.port, adminUsername: sshd.user, password: sshd.password, keypair: { keypair: 'bench-key' },
        hostKeyTrust: { acceptNew: true },
      }),
    );
    const logins = await timeRuns(RUNS, () => opensshLogin(sshd, keyFile));
    const tests = await timeRuns(RUNS, () => testConnectionRecord(store, 'bench-0'));
    const login = percentile(logins, 50);
    report('plain ssh -o BatchMode=yes login (median)', ms(login));
    report('semi-automatic setup: password login, install, key login (median)', ms(percentile(setups, 50)));
    report('  setup / plain ssh login', `${(percentile(setups, 50) / login).toFixed(2)}x`, '<= 2x');
    report('connection test: key login, host key check (median)', ms(percentile(tests, 50)));
    report('  test / plain ssh login', `${(percentile(tests, 50) / login).toFixed(2)}x`, '<= 2x');
  } finally {
    store.close();
    await sshd.stop();
  }
}

/** The console's spinner while RSA-4096 keys are generated (off the event loop by node:crypto). */
async function spinnerFigures(root: string): Promise<void> {
  const { store } = openDataStore(join(root, 'spinner'));
  const keys = 3;
  try {
    const figures = await spinnerDuring('Generating RSA-4096 keypair...', async () => {
      for (let i = 0; i < keys; i++) await generateKeypairRecord(store, `rsa-${i}`, { type: 'rsa', bits: 4096 });
    });
    reportSpinner(`RSA-4096 generation (${keys} keys, total)`, figures);
  } finally {
    store.close();
  }
}

const root = mkdtempSync(join(tmpdir(), 'nasconsole-bench-ssh-'));
try {
  if (process.getuid?.() === 0) await sshFigures(root);
  else console.log('(skipping the sshd figures: the sshd harness needs root)');
  await spinnerFigures(root);
} finally {
  rmSync(root, { recursive: true, force: true });
}
