import type { ProviderDefinition } from '../types.js';

export const b2: ProviderDefinition = {
  id: 'B2',
  label: 'BackBlaze B2',
  fields: [
    {
      key: 'account',
      label: 'Key ID',
      help: 'Alphanumeric Backblaze B2 Application Key ID. To generate a new application key, log in to the Backblaze account, go to the App Keys page, and add a new application key. Copy the application keyID string to this field.',
      type: 'text',
      required: true,
      maxLength: 64,
      pattern: { regex: /^[A-Za-z0-9]+$/, message: 'must be alphanumeric (the keyID string of the application key).' },
    },
    {
      key: 'key',
      label: 'Application Key',
      help: 'Backblaze B2 Application Key. To generate a new application key, log in to the Backblaze account, go to the App Keys page, and add a new application key. Copy the applicationKey string to this field.',
      type: 'secret',
      required: true,
      maxLength: 128,
      pattern: { regex: /^\S+$/, message: 'must not contain spaces.' },
    },
  ],
  rclone: { type: 'b2', options: { account: 'account', key: 'key' } },
};
