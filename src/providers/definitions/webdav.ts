import type { ProviderDefinition } from '../types.js';

const VENDORS: Record<string, string> = { NEXTCLOUD: 'nextcloud', OWNCLOUD: 'owncloud', SHAREPOINT: 'sharepoint', OTHER: 'other' };

export const webdav: ProviderDefinition = {
  id: 'WEBDAV',
  label: 'WebDav',
  fields: [
    { key: 'url', label: 'URL', help: 'URL of the HTTP host to connect to.', type: 'text', required: true, maxLength: 2048, url: { schemes: ['https', 'http'] } },
    {
      key: 'vendor',
      label: 'WebDav Service',
      help: 'Name of the WebDAV site, service, or software being used.',
      type: 'choice',
      required: true,
      choices: [
        { value: 'NEXTCLOUD', label: 'Nextcloud' },
        { value: 'OWNCLOUD', label: 'ownCloud' },
        { value: 'SHAREPOINT', label: 'Sharepoint' },
        { value: 'OTHER', label: 'Other' },
      ],
    },
    { key: 'user', label: 'Username', help: 'WebDAV account username.', type: 'text', required: true, maxLength: 255 },
    { key: 'pass', label: 'Password', help: 'WebDAV account password.', type: 'secret', required: true, maxLength: 1024 },
  ],
  rclone: {
    type: 'webdav',
    options: {
      url: 'url',
      vendor: { option: 'vendor', toRclone: (value) => VENDORS[String(value)] },
      user: 'user',
      pass: 'pass',
    },
    obscured: ['pass'],
    fromRclone(options) {
      if (options.vendor === 'sharepoint-ntlm') return { skip: 'uses vendor sharepoint-ntlm (NTLM sign-in), which is not one of the supported WebDAV services' };
      if ((options.bearer_token || options.bearer_token_command) && !options.pass) {
        return { skip: 'signs in with a bearer token instead of a user name and password' };
      }
      return {};
    },
  },
};
