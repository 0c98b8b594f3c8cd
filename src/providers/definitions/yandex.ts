import { accessToken, clientPairRule, oauthClientId, oauthClientSecret } from '../commonFields.js';
import type { ProviderDefinition } from '../types.js';

export const yandex: ProviderDefinition = {
  id: 'YANDEX',
  label: 'Yandex',
  fields: [
    oauthClientId,
    oauthClientSecret,
    accessToken('Yandex Access Token. Paste the JSON that rclone authorize "yandex" prints.'),
  ],
  rclone: { type: 'yandex', options: { client_id: 'client_id', client_secret: 'client_secret', token: 'token' } },
  oauth: { authorizeType: 'yandex' },
  validate: clientPairRule,
};
