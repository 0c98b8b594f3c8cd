import type { ProviderDefinition } from '../types.js';

export const mega: ProviderDefinition = {
  id: 'MEGA',
  label: 'Mega',
  // TrueNAS removed MEGA in 25.04.2 (rclone's mega backend is unsupported by MEGA); it stays
  // here so that credentials from older TrueNAS configurations import and export whole.
  fields: [
    { key: 'user', label: 'Username', help: 'MEGA account username. (TrueNAS removed MEGA in 25.04: kept here for credentials from older configurations.)', type: 'text', required: true, maxLength: 255 },
    { key: 'pass', label: 'Password', help: 'MEGA account password.', type: 'secret', required: true, maxLength: 1024 },
  ],
  rclone: { type: 'mega', options: { user: 'user', pass: 'pass' }, obscured: ['pass'] },
};
