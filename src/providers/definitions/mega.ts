import type { ProviderDefinition } from '../types.js';

export const mega: ProviderDefinition = {
  id: 'MEGA',
  label: 'Mega',
  fields: [
    { key: 'user', label: 'Username', help: 'MEGA account username.', type: 'text', required: true, maxLength: 255 },
    { key: 'pass', label: 'Password', help: 'MEGA account password.', type: 'secret', required: true, maxLength: 1024 },
  ],
  rclone: { type: 'mega', options: { user: 'user', pass: 'pass' }, obscured: ['pass'] },
};
