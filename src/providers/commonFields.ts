import { tokenJsonProblem } from './checks.js';
import type { Attributes, ProviderField, ValidationResult } from './types.js';

/** Labels and help texts below are the seed's ("Cloud Credentials" tab), links reduced to text. */

export const oauthClientId: ProviderField = {
  key: 'client_id',
  label: 'OAuth Client ID',
  help: 'The public identifier for the cloud application.',
  type: 'text',
  maxLength: 255,
  // It ends up inside the quoted `rclone authorize` command shown to the user.
  pattern: { regex: /^[^\s"'`$\\]+$/, message: 'must not contain spaces, quotes, "$" or "\\".' },
};

export const oauthClientSecret: ProviderField = {
  key: 'client_secret',
  label: 'OAuth Client Secret',
  help: 'The secret phrase known only to the cloud application and the authorization server.',
  type: 'secret',
  maxLength: 255,
  pattern: { regex: /^[^\s"'`$\\]+$/, message: 'must not contain spaces, quotes, "$" or "\\".' },
};

/** The token JSON pasted from `rclone authorize` (see oauth.ts). */
export function accessToken(help: string): ProviderField {
  return {
    key: 'token',
    label: 'Access Token',
    help,
    type: 'json',
    secret: true,
    required: true,
    maxLength: 32_768,
    validate: (value) => tokenJsonProblem(String(value)),
  };
}

/** Client ID and secret go together: rclone authorize and token refresh need both or neither. */
export function clientPairRule(attributes: Attributes): Partial<ValidationResult> {
  const hasId = typeof attributes.client_id === 'string' && attributes.client_id !== '';
  const hasSecret = typeof attributes.client_secret === 'string' && attributes.client_secret !== '';
  if (hasId && !hasSecret) {
    return { warnings: { client_secret: 'An OAuth Client ID needs its OAuth Client Secret: without it, refreshing the token will fail.' } };
  }
  if (hasSecret && !hasId) {
    return { warnings: { client_id: 'An OAuth Client Secret is only used with its OAuth Client ID.' } };
  }
  return {};
}

export function portField(defaultPort: number, help: string, label = 'Port'): ProviderField {
  return { key: 'port', label, help, type: 'number', default: defaultPort, min: 1, max: 65535 };
}
