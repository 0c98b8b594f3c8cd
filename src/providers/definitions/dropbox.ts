import { accessToken, clientPairRule, oauthClientId, oauthClientSecret } from '../commonFields.js';
import type { ProviderDefinition } from '../types.js';

export const dropbox: ProviderDefinition = {
  id: 'DROPBOX',
  label: 'DropBox',
  fields: [
    oauthClientId,
    oauthClientSecret,
    accessToken('Access Token for a Dropbox account. Log in with rclone authorize "dropbox" and paste the JSON it prints.'),
  ],
  rclone: { type: 'dropbox', options: { client_id: 'client_id', client_secret: 'client_secret', token: 'token' } },
  oauth: { authorizeType: 'dropbox' },
  validate: clientPairRule,
};
