import type { ProviderDefinition } from '../types.js';

const ADVANCED = 'Advanced Options';
const ENDPOINT_ADVANCED = 'Endpoint Advanced Options';

export const openstackSwift: ProviderDefinition = {
  id: 'OPENSTACK_SWIFT',
  label: 'OpenStack Swift',
  fields: [
    { key: 'user', label: 'User Name', help: 'Openstack user name (OS_USERNAME) from an OpenStack credentials file.', type: 'text', required: true, maxLength: 255 },
    { key: 'key', label: 'API Key or Password', help: 'Openstack API key or password. This is the OS_PASSWORD from an OpenStack credentials file.', type: 'secret', required: true, maxLength: 1024 },
    { key: 'auth', label: 'Authentication URL', help: 'Authentication URL for the server. This is the OS_AUTH_URL from an OpenStack credentials file.', type: 'text', required: true, maxLength: 2048, url: { schemes: ['https', 'http'] } },
    {
      key: 'auth_version',
      label: 'Auth Version',
      help: 'AuthVersion - optional - set to (1,2,3) if your auth URL has no version.',
      type: 'choice',
      default: 'auto',
      choices: [
        { value: 'auto', label: 'Auto', aliases: ['0'] },
        { value: '1', label: '1' },
        { value: '2', label: '2' },
        { value: '3', label: '3' },
      ],
    },
    { key: 'tenant', label: 'Tenant Name', help: 'This is the OS_TENANT_NAME from an OpenStack credentials file.', type: 'text', advanced: ADVANCED, maxLength: 255 },
    { key: 'tenant_id', label: 'Tenant ID', help: 'Tenant ID - optional for v1 auth, this or tenant required otherwise.', type: 'text', advanced: ADVANCED, maxLength: 255 },
    { key: 'auth_token', label: 'Auth Token', help: 'Auth Token from alternate authentication - optional.', type: 'secret', advanced: ADVANCED, maxLength: 4096 },
    { key: 'region', label: 'Region Name', help: 'Region name - optional.', type: 'text', advanced: ENDPOINT_ADVANCED, maxLength: 255 },
    { key: 'storage_url', label: 'Storage URL', help: 'Storage URL - optional.', type: 'text', advanced: ENDPOINT_ADVANCED, maxLength: 2048, url: { schemes: ['https', 'http'] } },
    {
      key: 'endpoint_type',
      label: 'Endpoint Type',
      help: 'Endpoint type to choose from the service catalogue. Public is recommended.',
      type: 'choice',
      advanced: ENDPOINT_ADVANCED,
      default: 'public',
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
      // rclone's 0 means "from the URL", which is what "auto" says.
      auth_version: { option: 'auth_version', toRclone: (value) => (value === 'auto' ? undefined : String(value)), fromRclone: (text) => (text === '0' || text === '' ? 'auto' : text) },
      tenant: 'tenant',
      tenant_id: 'tenant_id',
      auth_token: 'auth_token',
      region: 'region',
      storage_url: 'storage_url',
      endpoint_type: 'endpoint_type',
    },
    fromRclone(options) {
      if (options.env_auth === 'true' && !options.user) return { skip: 'uses env_auth (OpenStack variables from the environment), which a stored credential cannot hold' };
      return { consumed: ['env_auth'] };
    },
  },
  validate(attributes) {
    const version = attributes.auth_version;
    const hasTenant = Boolean(attributes.tenant) || Boolean(attributes.tenant_id);
    if ((version === '2' || version === '3') && !hasTenant) {
      return { warnings: { tenant: `Auth version ${String(version)} usually needs a Tenant Name or Tenant ID.` } };
    }
    return {};
  },
};
