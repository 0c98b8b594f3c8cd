import { UserError } from '../common/errors.js';
import { tokenJsonProblem } from './checks.js';
import type { ProviderDefinition } from './types.js';

export interface AuthorizeInstructions {
  /** The exact command to run on a machine with a browser and rclone. */
  command: string;
  /** What to do with the command beyond running it, or null. */
  note: string | null;
}

export const CLIENT_SECRET_PLACEHOLDER = 'CLIENT_SECRET';

/**
 * "Login to Provider" on a console without a browser: the user runs `rclone authorize` on any
 * machine that has one and pastes back the token JSON it prints.
 *
 * rclone takes a custom OAuth app as two more arguments, id then secret, and needs both
 * (one alone is read as something else). The client ID is public and is shown. The client
 * secret is not: it stays off this screen (terminals are recorded, screens are shared) and out
 * of the shell history of the other machine unless the user types it there; the command
 * carries a CLIENT_SECRET placeholder and the note says to replace it. Without a client ID,
 * rclone's own app is used and the command has no extra arguments.
 */
export function authorizeInstructions(provider: ProviderDefinition, client: { clientId?: string; clientSecret?: string } = {}): AuthorizeInstructions {
  if (!provider.oauth) {
    throw new UserError(`${provider.label} does not log in through a browser: enter its credentials in the form.`, 2);
  }
  const base = `rclone authorize "${provider.oauth.authorizeType}"`;
  const clientId = client.clientId?.trim();
  const next = 'then paste the JSON it prints between "--->" and "<---End paste" into Access Token.';
  if (!clientId) {
    const note = client.clientSecret ? `An OAuth Client Secret without its Client ID is not used: rclone's own app logs in. Run it, ${next}` : `Run it, ${next}`;
    return { command: base, note };
  }
  if (/[\s"'`$\\]/.test(clientId)) throw new UserError('OAuth Client ID must not contain spaces, quotes, "$" or "\\".', 2);
  return {
    command: `${base} "${clientId}" "${CLIENT_SECRET_PLACEHOLDER}"`,
    note: `Replace ${CLIENT_SECRET_PLACEHOLDER} with your OAuth Client Secret (it is not shown here), run it, ${next}`,
  };
}

/**
 * The token JSON from what the user pasted: the whole `rclone authorize` output, the part
 * between its markers, or the JSON alone. Returned compact; a UserError says what is wrong.
 */
export function extractTokenJson(pasted: string): string {
  const between = /--->\s*([\s\S]*?)\s*<---End paste/.exec(pasted);
  const candidate = (between ? between[1]! : pasted).trim();
  const start = candidate.indexOf('{');
  const end = candidate.lastIndexOf('}');
  if (start === -1 || end < start) throw new UserError('No token found: paste the JSON that rclone authorize prints ({"access_token": ...}).');
  const json = candidate.slice(start, end + 1);
  const problem = tokenJsonProblem(json);
  if (problem) throw new UserError(`The pasted token ${problem}`);
  return JSON.stringify(JSON.parse(json));
}
