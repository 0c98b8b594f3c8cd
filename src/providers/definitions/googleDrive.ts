import { accessToken, clientPairRule, oauthClientId, oauthClientSecret } from '../commonFields.js';
import type { ProviderDefinition } from '../types.js';

export const googleDrive: ProviderDefinition = {
  id: 'GOOGLE_DRIVE',
  label: 'Google Drive',
  fields: [
    oauthClientId,
    oauthClientSecret,
    accessToken('Token created with Google Drive. Access Tokens expire periodically, so you must refresh them. Paste the JSON that rclone authorize "drive" prints.'),
    {
      key: 'team_drive',
      label: 'Team Drive ID',
      help: "Only needed when connecting to a Team Drive. The Team Drive's top-level folder ID.",
      type: 'text',
      maxLength: 255,
      pattern: { regex: /^[A-Za-z0-9_-]+$/, message: 'must be a Drive ID (letters, digits, "_" and "-").' },
    },
  ],
  rclone: {
    type: 'drive',
    options: { client_id: 'client_id', client_secret: 'client_secret', token: 'token', team_drive: 'team_drive' },
  },
  oauth: { authorizeType: 'drive' },
  validate: clientPairRule,
};
