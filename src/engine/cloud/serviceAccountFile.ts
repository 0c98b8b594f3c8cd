import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import { serviceAccountProblem } from '../../providers/checks.js';
import { INPUT_LIMITS, inputText, readBoundedFile } from '../boundedInput.js';

/**
 * The seed's "Choose File" for Google Cloud Storage: reads a service account key file (a
 * regular file within its limit, never a FIFO or a device) and returns its JSON, compacted,
 * for the service_account_credentials attribute.
 */
export function loadServiceAccountFile(path: string): string {
  const text = inputText(readBoundedFile(path, INPUT_LIMITS.serviceAccount), path);
  const problem = serviceAccountProblem(text);
  if (problem) throw new UserError(`${printable(path)} ${problem}`);
  return JSON.stringify(JSON.parse(text));
}
