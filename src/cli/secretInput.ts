import { UserError } from '../common/errors.js';
import { printable } from '../common/printable.js';
import { INPUT_LIMITS, readBoundedFile } from '../engine/boundedInput.js';

export interface SecretSource {
  file?: string;
  env?: string;
}

/**
 * A password or passphrase from a file, an environment variable, or a prompt on a TTY;
 * never from argv, where `ps` would show it. Undefined when no source was named and
 * `promptLabel` is not given.
 */
export async function readSecret(source: SecretSource, promptLabel?: string): Promise<string | undefined> {
  if (source.file && source.env) throw new UserError('Give the secret with a file or an environment variable, not both.', 2);
  if (source.file) {
    const text = readBoundedFile(source.file, INPUT_LIMITS.passphrase).toString('utf8');
    return text.replace(/\r?\n$/, ''); // a file written with echo ends in a newline that is not part of it
  }
  if (source.env) {
    const value = process.env[source.env];
    if (value === undefined) throw new UserError(`The environment variable ${printable(source.env)} is not set.`, 2);
    if (Buffer.byteLength(value) > INPUT_LIMITS.passphrase.maxBytes) throw new UserError(`The environment variable ${printable(source.env)} is longer than a secret may be.`);
    return value;
  }
  if (promptLabel === undefined) return undefined;
  if (!process.stdin.isTTY) throw new UserError(`${promptLabel} needed: give it with a --*-file or --*-env option (no terminal to prompt on).`, 2);
  return promptHidden(`${promptLabel}: `);
}

/** Reads a line from the terminal without echoing it. */
export function promptHidden(label: string): Promise<string> {
  const stdin = process.stdin;
  // Echo off before the label shows: what is typed as soon as the prompt appears stays hidden.
  stdin.setRawMode(true);
  process.stderr.write(label);
  stdin.resume();
  stdin.setEncoding('utf8');
  let value = '';
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new UserError('Cancelled.'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ' && value.length < INPUT_LIMITS.passphrase.maxBytes) value += char;
      }
    };
    stdin.on('data', onData);
  });
}
