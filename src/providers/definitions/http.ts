import type { ProviderDefinition } from '../types.js';

export const http: ProviderDefinition = {
  id: 'HTTP',
  label: 'HTTP',
  fields: [{ key: 'url', label: 'URL', help: 'HTTP host URL.', type: 'text', required: true, maxLength: 2048, url: { schemes: ['https', 'http'] } }],
  rclone: { type: 'http', options: { url: 'url' } },
};
