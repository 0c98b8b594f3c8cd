import { tokenJsonProblem } from './checks.js';
import type { Attributes, ProviderField, RcloneImportHookResult, ValidationResult } from './types.js';

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

/** The access key ID and secret of an S3 API (Amazon S3, Storj's S3 gateway); the help texts are each provider's. */
export function s3KeyFields(accessKeyIdHelp: string, secretAccessKeyHelp: string): ProviderField[] {
  const common = { required: true, maxLength: 128, pattern: { regex: /^\S+$/, message: 'must not contain spaces.' } } as const;
  return [
    { key: 'access_key_id', label: 'Access Key ID', help: accessKeyIdHelp, type: 'text', ...common },
    { key: 'secret_access_key', label: 'Secret Access Key', help: secretAccessKeyHelp, type: 'secret', ...common },
  ];
}

/** rclone's s3 remotes that take their keys from the environment cannot become a stored credential. */
export function s3FromRclone(options: Readonly<Record<string, string>>): RcloneImportHookResult {
  if (options.env_auth === 'true' && !options.access_key_id) {
    return { skip: 'uses env_auth (keys from the environment or instance metadata), which a stored credential cannot hold' };
  }
  return { consumed: ['env_auth'] };
}
