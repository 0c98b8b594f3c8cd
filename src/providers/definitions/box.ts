import { accessToken, clientPairRule, oauthClientId, oauthClientSecret } from '../commonFields.js';
import type { ProviderDefinition } from '../types.js';

export const box: ProviderDefinition = {
  id: 'BOX',
  label: 'Box',
  fields: [
    oauthClientId,
    oauthClientSecret,
    accessToken('A User Access Token for Box. An access token enables Box to verify a request belongs to an authorized session. Paste the JSON that rclone authorize "box" prints.'),
  ],
  rclone: { type: 'box', options: { client_id: 'client_id', client_secret: 'client_secret', token: 'token' } },
  oauth: { authorizeType: 'box' },
  validate: clientPairRule,
};
