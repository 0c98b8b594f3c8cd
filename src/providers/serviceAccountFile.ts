import { readFile, stat } from 'node:fs/promises';
import { UserError, errorMessage } from '../common/errors.js';
import { serviceAccountProblem } from './checks.js';

const MAX_SERVICE_ACCOUNT_FILE_BYTES = 65_536;

/**
 * The seed's "Choose File" for Google Cloud Storage: reads a service account key file and
 * returns its JSON, compacted, for the service_account_credentials attribute.
 */
export async function loadServiceAccountFile(path: string): Promise<string> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UserError(`${path} is not a file.`);
    if (info.size > MAX_SERVICE_ACCOUNT_FILE_BYTES) throw new UserError(`${path} is too large for a service account key (${info.size} bytes).`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`Cannot read ${path}: ${errorMessage(error).replace(/^[A-Z]+: /, '').replace(/, [a-z]+ '.*'$/, '')}.`);
  }
  const problem = serviceAccountProblem(text);
  if (problem) throw new UserError(`${path} ${problem}`);
  return JSON.stringify(JSON.parse(text));
}
