import { isBase64 } from '../checks.js';
import type { ProviderDefinition } from '../types.js';

export const azureBlob: ProviderDefinition = {
  id: 'AZUREBLOB',
  label: 'Microsoft Azure Blob Storage',
  fields: [
    {
      key: 'account',
      label: 'Account Name',
      help: 'Microsoft Azure account name.',
      type: 'text',
      required: true,
      maxLength: 64,
      pattern: { regex: /^[a-z0-9.-]+$/, message: 'may only contain lowercase letters, digits, "." and "-".' },
    },
    {
      key: 'key',
      label: 'Account Key',
      help: 'Base64 encoded key for Azure Account.',
      type: 'secret',
      required: true,
      maxLength: 1024,
      validate: (value) => (isBase64(String(value)) ? undefined : 'must be base64 (letters, digits, "+", "/", ending in "=" padding as Azure shows it).'),
    },
    {
      key: 'endpoint',
      label: 'Endpoint URL',
      help: 'Custom Azure Blob Storage endpoint URL. Leave empty for the default endpoint.',
      type: 'text',
      advanced: 'Advanced Options',
      maxLength: 2048,
      // rclone 1.60 reads a bare domain here (blob.core.windows.net); newer rclone a URL.
      url: { schemes: ['https', 'http'], schemeOptional: true },
    },
  ],
  rclone: { type: 'azureblob', options: { account: 'account', key: 'key', endpoint: 'endpoint' } },
};
