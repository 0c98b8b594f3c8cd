import { accessToken, clientPairRule, oauthClientId, oauthClientSecret } from '../commonFields.js';
import type { ProviderDefinition } from '../types.js';

export const googlePhotos: ProviderDefinition = {
  id: 'GOOGLE_PHOTOS',
  label: 'Google Photos',
  fields: [
    oauthClientId,
    oauthClientSecret,
    // The seed's table lists only the client fields; the token is what "Login to Provider" fills.
    accessToken('Token for a Google Photos account. Paste the JSON that rclone authorize "google photos" prints.'),
  ],
  rclone: {
    type: 'google photos',
    aliases: ['gphotos'],
    options: { client_id: 'client_id', client_secret: 'client_secret', token: 'token' },
  },
  oauth: { authorizeType: 'google photos' },
  validate: clientPairRule,
};
