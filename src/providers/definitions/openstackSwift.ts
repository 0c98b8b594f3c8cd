import type { Attributes, ProviderDefinition, ProviderField } from '../types.js';

const ADVANCED = 'Advanced Options';
const ENDPOINT_ADVANCED = 'Endpoint Advanced Options';

/** Optional text fields, as TrueNAS and rclone name them (the attribute key is the rclone option). */
function optionalText(key: string, label: string, help: string, advanced: string, secret = false): ProviderField {
  return { key, label, help, type: secret ? 'secret' : 'text', advanced, maxLength: secret ? 4096 : 255 };
}

function filled(attributes: Attributes, key: string): boolean {
  return typeof attributes[key] === 'string' && attributes[key] !== '';
}

/**
 * OpenStack Swift with every attribute TrueNAS stores (and hands to rclone as it is): Keystone v3
 * domains, user ID and application credentials as well as the seed's fields. TrueNAS stores
 * auth_version as an integer (0-3) or null and endpoint_type as a name or null; null, like an
 * absent value, leaves the option out of rclone.conf (rclone: auto, public).
 */
export const openstackSwift: ProviderDefinition = {
  id: 'OPENSTACK_SWIFT',
  label: 'OpenStack Swift',
  fields: [
    { key: 'user', label: 'User Name', help: 'Openstack user name (OS_USERNAME) from an OpenStack credentials file. Not needed with an application credential.', type: 'text', maxLength: 255 },
    { key: 'key', label: 'API Key or Password', help: 'Openstack API key or password. This is the OS_PASSWORD from an OpenStack credentials file.', type: 'secret', maxLength: 1024 },
    { key: 'auth', label: 'Authentication URL', help: 'Authentication URL for the server. This is the OS_AUTH_URL from an OpenStack credentials file.', type: 'text', required: true, maxLength: 2048, url: { schemes: ['https', 'http'] } },
    {
      key: 'auth_version',
      label: 'Auth Version',
      help: 'AuthVersion - optional - set to (1,2,3) if your auth URL has no version. 0 (Auto) takes it from the URL.',
      type: 'choice',
      integerChoice: true,
      choices: [
        { value: '0', label: 'Auto', aliases: ['auto'] },
        { value: '1', label: '1' },
        { value: '2', label: '2' },
        { value: '3', label: '3' },
      ],
    },
    optionalText('tenant', 'Tenant Name', 'This is the OS_TENANT_NAME from an OpenStack credentials file.', ADVANCED),
    optionalText('tenant_id', 'Tenant ID', 'Tenant ID - optional for v1 auth, this or tenant required otherwise.', ADVANCED),
    optionalText('auth_token', 'Auth Token', 'Auth Token from alternate authentication - optional.', ADVANCED, true),
    optionalText('user_id', 'User ID', 'User ID to log in - optional: most Swift systems use a user name and leave this blank (v3 auth) (OS_USER_ID).', ADVANCED),
    optionalText('domain', 'User Domain', 'User domain - optional (v3 auth) (OS_USER_DOMAIN_NAME).', ADVANCED),
    optionalText('tenant_domain', 'Tenant Domain', 'Tenant domain - optional (v3 auth) (OS_PROJECT_DOMAIN_NAME).', ADVANCED),
    optionalText('application_credential_id', 'Application Credential ID', 'Application credential ID (OS_APPLICATION_CREDENTIAL_ID): logs in instead of a user name and password.', ADVANCED),
    optionalText('application_credential_name', 'Application Credential Name', 'Application credential name (OS_APPLICATION_CREDENTIAL_NAME).', ADVANCED),
    optionalText('application_credential_secret', 'Application Credential Secret', 'Application credential secret (OS_APPLICATION_CREDENTIAL_SECRET).', ADVANCED, true),
    optionalText('region', 'Region Name', 'Region name - optional.', ENDPOINT_ADVANCED),
    { key: 'storage_url', label: 'Storage URL', help: 'Storage URL - optional.', type: 'text', advanced: ENDPOINT_ADVANCED, maxLength: 2048, url: { schemes: ['https', 'http'] } },
    {
      key: 'endpoint_type',
      label: 'Endpoint Type',
      help: 'Endpoint type to choose from the service catalogue. Public is recommended (and used when none is chosen).',
      type: 'choice',
      advanced: ENDPOINT_ADVANCED,
      choices: [
        { value: 'public', label: 'Public' },
        { value: 'internal', label: 'Internal' },
        { value: 'admin', label: 'Admin' },
      ],
    },
  ],
  rclone: {
    type: 'swift',
    options: {
      user: 'user',
      key: 'key',
      auth: 'auth',
      auth_version: 'auth_version',
      tenant: 'tenant',
      tenant_id: 'tenant_id',
      auth_token: 'auth_token',
      user_id: 'user_id',
      domain: 'domain',
      tenant_domain: 'tenant_domain',
      application_credential_id: 'application_credential_id',
      application_credential_name: 'application_credential_name',
      application_credential_secret: 'application_credential_secret',
      region: 'region',
      storage_url: 'storage_url',
      endpoint_type: 'endpoint_type',
    },
    fromRclone(options) {
      if (options.env_auth === 'true' && !options.user && !options.application_credential_secret) {
        return { skip: 'uses env_auth (OpenStack variables from the environment), which a stored credential cannot hold' };
      }
      return { consumed: ['env_auth'] };
    },
  },
  validate(attributes) {
    const errors: Record<string, string> = {};
    const warnings: Record<string, string> = {};
    const applicationCredential = (filled(attributes, 'application_credential_id') || filled(attributes, 'application_credential_name')) && filled(attributes, 'application_credential_secret');
    if (!applicationCredential) {
      if (!filled(attributes, 'user') && !filled(attributes, 'user_id')) errors.user = 'User Name is required (or an Application Credential ID or Name with its Secret).';
      if (!filled(attributes, 'key')) errors.key = 'API Key or Password is required (or an Application Credential ID or Name with its Secret).';
    }
    const version = attributes.auth_version;
    const hasTenant = filled(attributes, 'tenant') || filled(attributes, 'tenant_id');
    if ((version === 2 || version === 3) && !hasTenant && !applicationCredential) {
      warnings.tenant = `Auth version ${String(version)} usually needs a Tenant Name or Tenant ID.`;
    }
    return { errors, warnings };
  },
};
