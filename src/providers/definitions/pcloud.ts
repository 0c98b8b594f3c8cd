import { accessToken, clientPairRule, oauthClientId, oauthClientSecret } from '../commonFields.js';
import type { ProviderDefinition } from '../types.js';

export const pcloud: ProviderDefinition = {
  id: 'PCLOUD',
  label: 'pCloud',
  fields: [
    oauthClientId,
    oauthClientSecret,
    accessToken('pCloud Access Token. These tokens can expire and require an extension. Paste the JSON that rclone authorize "pcloud" prints.'),
    {
      key: 'hostname',
      label: 'Hostname',
      help: 'Enter the hostname to connect to (api.pcloud.com for US accounts, eapi.pcloud.com for EU accounts).',
      type: 'text',
      host: true,
      maxLength: 253,
    },
  ],
  rclone: {
    type: 'pcloud',
    options: { client_id: 'client_id', client_secret: 'client_secret', token: 'token', hostname: 'hostname' },
  },
  oauth: { authorizeType: 'pcloud' },
  validate: clientPairRule,
};
