import { accessToken, clientPairRule, oauthClientId, oauthClientSecret } from '../commonFields.js';
import type { ProviderDefinition } from '../types.js';

// Stored as the original system spells them; rclone wants its own spelling.
const DRIVE_TYPES: Record<string, string> = { PERSONAL: 'personal', BUSINESS: 'business', DOCUMENT_LIBRARY: 'documentLibrary' };

export const oneDrive: ProviderDefinition = {
  id: 'ONEDRIVE',
  label: 'Microsoft One Drive',
  fields: [
    oauthClientId,
    oauthClientSecret,
    accessToken('Microsoft Onedrive Access Token. Log in to the Microsoft account to add an access token: paste the JSON that rclone authorize "onedrive" prints.'),
    {
      key: 'drive_type',
      label: 'Drive Account Type',
      help: 'Type of Microsoft account. Logging in to a Microsoft account selects the correct account type. Options: Personal, Business, Document_Library',
      type: 'choice',
      required: true,
      choices: [
        { value: 'PERSONAL', label: 'Personal', aliases: ['personal'] },
        { value: 'BUSINESS', label: 'Business', aliases: ['business'] },
        { value: 'DOCUMENT_LIBRARY', label: 'Document_Library', aliases: ['documentLibrary'] },
      ],
    },
    {
      key: 'drive_id',
      label: 'Drive ID',
      help: 'Unique drive identifier. Log in to a Microsoft account and choose a drive from the Drives List drop-down to add a valid ID.',
      type: 'text',
      required: true,
      maxLength: 1024,
      pattern: { regex: /^\S+$/, message: 'must not contain spaces.' },
    },
  ],
  rclone: {
    type: 'onedrive',
    options: {
      client_id: 'client_id',
      client_secret: 'client_secret',
      token: 'token',
      drive_type: { option: 'drive_type', toRclone: (value) => DRIVE_TYPES[String(value)] },
      drive_id: 'drive_id',
    },
  },
  oauth: { authorizeType: 'onedrive' },
  validate: clientPairRule,
};
