import { createRequire } from 'node:module';
import type * as Ssh2 from 'ssh2';

const requireModule = createRequire(import.meta.url);
let loaded: typeof Ssh2 | undefined;

/**
 * ssh2, loaded on first use: it takes about 25 ms to load, which only the commands and screens
 * that actually speak SSH or parse OpenSSH keys should pay, not the console's first frame.
 */
export function ssh2(): typeof Ssh2 {
  loaded ??= requireModule('ssh2') as typeof Ssh2;
  return loaded;
}
