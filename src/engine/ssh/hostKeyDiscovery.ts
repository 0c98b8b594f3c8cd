import { ssh2 } from './ssh2Lazy.js';
import type { ServerHostKeyAlgorithm } from 'ssh2';
import { UserError } from '../../common/errors.js';
import { cancelledError, onAbort } from '../abortable.js';
import { hostKeyFromBlob, type HostKey } from './hostKeys.js';
import { connectionError, seconds } from './sshSession.js';
import { targetLabel, type SshTarget } from './sshTarget.js';

/**
 * Finds the host keys a server offers, as ssh-keyscan does. An SSH server shows one host key
 * per connection (the one for the negotiated algorithm), so we connect once per algorithm,
 * in parallel, and hang up as soon as the key arrives: no login is attempted.
 */

/** Probe order is result order: the modern key first. `ssh-rsa` catches servers too old for rsa-sha2. */
const PROBED_ALGORITHMS: readonly ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'ssh-rsa',
];

export async function discoverHostKeysOf(target: SshTarget, signal?: AbortSignal): Promise<HostKey[]> {
  const probes = await Promise.allSettled(PROBED_ALGORITHMS.map((algorithm) => probeHostKey(target, algorithm, signal)));
  const failure = probes.find((probe): probe is PromiseRejectedResult => probe.status === 'rejected');
  if (failure) throw failure.reason;
  const keys: HostKey[] = [];
  for (const probe of probes) {
    if (probe.status !== 'fulfilled' || !probe.value) continue;
    const key = hostKeyFromBlob(probe.value);
    if (!keys.some((known) => known.key === key.key)) keys.push(key);
  }
  if (keys.length === 0) throw new UserError(`${targetLabel(target)} offers no host key of a type this program knows (Ed25519, ECDSA, RSA)`);
  return keys;
}

/** Resolves the key blob, or undefined when the server has no key for `algorithm`. */
function probeHostKey(target: SshTarget, algorithm: ServerHostKeyAlgorithm, signal: AbortSignal | undefined): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const client = new (ssh2().Client)();
    let captured: Buffer | undefined;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      forgetAbort();
      client.destroy();
      outcome();
    };
    const timer = setTimeout(
      () => settle(() => reject(new UserError(`Timed out after ${seconds(target.timeoutMs)} asking ${targetLabel(target)} for its host key`))),
      target.timeoutMs,
    );
    const forgetAbort = onAbort(signal, () => settle(() => reject(cancelledError())));
    client.on('error', (error: Error & { level?: string; code?: string }) => {
      if (captured) return settle(() => resolve(captured));
      if (/no matching host key/i.test(error.message)) return settle(() => resolve(undefined));
      settle(() => reject(connectionError(error, target, () => new UserError('unexpected login attempt'))));
    });
    client.on('close', () => {
      if (captured) settle(() => resolve(captured));
      else settle(() => reject(new UserError(`${targetLabel(target)} closed the connection before showing its host key (is it an SSH server?)`)));
    });
    client.on('ready', () => settle(() => resolve(captured))); // never expected: the verifier refuses
    client.connect({
      host: target.host,
      port: target.port,
      username: 'host-key-probe', // required by ssh2, never sent: the connection ends before login
      readyTimeout: 0,
      algorithms: { serverHostKey: [algorithm] },
      // Like ssh-keyscan, this records what the server presents; refusing it ends the
      // connection during the key exchange, before any authentication. (A login session checks
      // the server's signature with the key before it is ready, so testConnection is a proof.)
      hostVerifier: (blob: Buffer) => {
        captured = Buffer.from(blob);
        return false;
      },
    });
  });
}
