import { portField } from '../commonFields.js';
import type { ProviderDefinition } from '../types.js';

export const ftp: ProviderDefinition = {
  id: 'FTP',
  label: 'FTP',
  fields: [
    { key: 'host', label: 'Host', help: 'FTP Host to connect. Example: ftp.example.com.', type: 'text', required: true, host: true, maxLength: 253 },
    portField(21, 'FTP Port number. Leave blank to use the default port 21.'),
    { key: 'user', label: 'Username', help: 'A username on the FTP Host system. This user must already exist on the FTP Host.', type: 'text', required: true, maxLength: 255 },
    { key: 'pass', label: 'Password', help: 'Password for the user account.', type: 'secret', maxLength: 1024 },
  ],
  rclone: { type: 'ftp', options: { host: 'host', port: 'port', user: 'user', pass: 'pass' }, obscured: ['pass'] },
};
